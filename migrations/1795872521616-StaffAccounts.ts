import { MigrationInterface, QueryRunner } from "typeorm";

export class StaffAccounts1795872521616 implements MigrationInterface {
    name = 'StaffAccounts1795872521616'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "staff_refresh_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "token_hash" character(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_08d4fd8e914a488c8a11933828d" UNIQUE ("token_hash"),
                CONSTRAINT "PK_93a8aade9a05723e493338fa883" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "staff_refresh_tokens_user_idx" ON "staff_refresh_tokens" ("user_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "staff_users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "username" text NOT NULL,
                "password_hash" text NOT NULL,
                "role" text NOT NULL,
                "failed_logins" integer NOT NULL DEFAULT '0',
                "locked_until" TIMESTAMP WITH TIME ZONE,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_975b4ddfa7b30b64ac26cefbad0" UNIQUE ("username"),
                CONSTRAINT "PK_c6b167335377df69f7910c2c75e" PRIMARY KEY ("id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "staff_users"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."staff_refresh_tokens_user_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "staff_refresh_tokens"
        `);
    }

}
