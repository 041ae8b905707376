import { MigrationInterface, QueryRunner } from "typeorm";

export class ReportVersionsAndEntityStatus1795869394628 implements MigrationInterface {
    name = 'ReportVersionsAndEntityStatus1795869394628'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "reports" DROP CONSTRAINT "reports_entity_reference_uq"
        `);
        await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "entity_id" uuid NOT NULL,
                "key" text NOT NULL,
                "request_sha256" character(64) NOT NULL,
                "report_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_af1b67d516ef2ec607824cd1c38" PRIMARY KEY ("entity_id", "key")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "reporting_entities"
            ADD "status" text NOT NULL DEFAULT 'active'
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "previous_report_id" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "superseded_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "fiu_ref_number" text
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "prev_rejected_ref_number" text
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "suspicion_date" date
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "filing_delay_days" integer
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ALTER COLUMN "report_code" DROP NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ALTER COLUMN "submission_date" DROP NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ALTER COLUMN "currency_code_local" DROP NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD CONSTRAINT "reports_entity_reference_version_uq" UNIQUE ("entity_id", "entity_reference", "version")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "reports" DROP CONSTRAINT "reports_entity_reference_version_uq"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ALTER COLUMN "currency_code_local"
            SET NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ALTER COLUMN "submission_date"
            SET NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ALTER COLUMN "report_code"
            SET NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "filing_delay_days"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "suspicion_date"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "prev_rejected_ref_number"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "fiu_ref_number"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "superseded_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "previous_report_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "reporting_entities" DROP COLUMN "status"
        `);
        await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD CONSTRAINT "reports_entity_reference_uq" UNIQUE ("entity_id", "entity_reference")
        `);
    }

}
