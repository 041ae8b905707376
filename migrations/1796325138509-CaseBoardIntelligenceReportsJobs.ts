import { MigrationInterface, QueryRunner } from "typeorm";

export class CaseBoardIntelligenceReportsJobs1796325138509 implements MigrationInterface {
    name = 'CaseBoardIntelligenceReportsJobs1796325138509'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "job_progress" (
                "id" uuid NOT NULL,
                "kind" text NOT NULL,
                "state" text NOT NULL DEFAULT 'queued',
                "done" integer NOT NULL DEFAULT '0',
                "failed_items" integer NOT NULL DEFAULT '0',
                "total" integer,
                "started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "error" text,
                "requested_by_type" text NOT NULL,
                "requested_by_id" text NOT NULL,
                "requested_by_name" text,
                "detail" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_f21994763075f5c32a1a83120f4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "job_progress_state_idx" ON "job_progress" ("state", "created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "job_progress_created_idx" ON "job_progress" ("created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "dissemination_redaction_rules" (
                "recipient_kind" text NOT NULL,
                "allowed" text array NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "updated_by" uuid,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a922624ea70423d5d83fee13eea" PRIMARY KEY ("recipient_kind")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "dissemination_documents" (
                "dissemination_id" uuid NOT NULL,
                "pdf" bytea NOT NULL,
                "pdf_sha256" character(64) NOT NULL,
                "signature" bytea NOT NULL,
                "key_id" text NOT NULL,
                "algorithm" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a147c37dfc44177da2d719ffcdd" PRIMARY KEY ("dissemination_id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "disseminations"
            ADD "approved_package" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "disseminations"
            ADD "approved_sha256" character(64)
        `);
        await queryRunner.query(`
            CREATE INDEX "cases_status_updated_idx" ON "cases" ("status", "updated_at")
        `);
        // Hand-written from here: the starting redaction rules and the signed report's immutability.
        // Every kind of recipient gets everything but the reporting entity's identity, which protects the reporter.
        await queryRunner.query(`
            INSERT INTO "dissemination_redaction_rules" ("recipient_kind", "allowed")
            SELECT kind, ARRAY['narrative', 'transactions', 'parties', 'identifiers', 'screening_hits', 'analysis', 'partner_material']
              FROM unnest(ARRAY['police', 'prosecutor', 'tax', 'customs', 'intelligence', 'supervisor', 'other']) AS kind
        `);
        await queryRunner.query(`
            CREATE FUNCTION dissemination_documents_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the intelligence report of dissemination % is signed and cannot change', OLD.dissemination_id;
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER dissemination_documents_frozen BEFORE UPDATE OR DELETE ON "dissemination_documents"
            FOR EACH ROW EXECUTE FUNCTION dissemination_documents_frozen()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER dissemination_documents_frozen ON "dissemination_documents"`);
        await queryRunner.query(`DROP FUNCTION dissemination_documents_frozen()`);
        await queryRunner.query(`
            DROP INDEX "public"."cases_status_updated_idx"
        `);
        await queryRunner.query(`
            ALTER TABLE "disseminations" DROP COLUMN "approved_sha256"
        `);
        await queryRunner.query(`
            ALTER TABLE "disseminations" DROP COLUMN "approved_package"
        `);
        await queryRunner.query(`
            DROP TABLE "dissemination_documents"
        `);
        await queryRunner.query(`
            DROP TABLE "dissemination_redaction_rules"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."job_progress_created_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."job_progress_state_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "job_progress"
        `);
    }

}
