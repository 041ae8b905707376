import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditLog1795873622816 implements MigrationInterface {
    name = 'AuditLog1795873622816'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" BIGSERIAL NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "actor_type" text NOT NULL,
                "actor_id" text NOT NULL,
                "actor_name" text,
                "action" text NOT NULL,
                "object_type" text,
                "object_id" text,
                "purpose" text,
                "source_ip" text,
                "detail" jsonb NOT NULL DEFAULT '{}',
                "prev_hash" character(64) NOT NULL,
                "hash" character(64) NOT NULL,
                CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "audit_log_actor_idx" ON "audit_log" ("actor_id", "at")
        `);
        await queryRunner.query(`
            CREATE INDEX "audit_log_object_idx" ON "audit_log" ("object_type", "object_id")
        `);
        // Added by hand: the log is append-only for everyone, and the chain catches what a superuser does around it.
        await queryRunner.query(`
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log"
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
        `);
        await queryRunner.query(`
            CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
        `);
        await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM PUBLIC`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON "audit_log"`);
        await queryRunner.query(`DROP TRIGGER audit_log_append_only ON "audit_log"`);
        await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
        await queryRunner.query(`
            DROP INDEX "public"."audit_log_object_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."audit_log_actor_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
    }

}
