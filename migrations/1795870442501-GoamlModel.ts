import { MigrationInterface, QueryRunner } from "typeorm";

export class GoamlModel1795870442501 implements MigrationInterface {
    name = 'GoamlModel1795870442501'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "party_addresses" (
                "id" BIGSERIAL NOT NULL,
                "party_id" uuid NOT NULL,
                "report_id" uuid NOT NULL,
                "address_type" text,
                "address" text,
                "city" text,
                "zip" text,
                "state" text,
                "country_code" character(2),
                CONSTRAINT "PK_5d07026105e2d537fb948095599" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "party_addresses_party_idx" ON "party_addresses" ("party_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "party_identifiers" (
                "id" BIGSERIAL NOT NULL,
                "party_id" uuid NOT NULL,
                "report_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "value" text NOT NULL,
                "issuing_country" character(2),
                CONSTRAINT "PK_df7ff16eb771fe561b7600e72c3" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "party_identifiers_party_idx" ON "party_identifiers" ("party_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "party_identifiers_value_idx" ON "party_identifiers" ("kind", "value")
        `);
        await queryRunner.query(`
            CREATE TABLE "report_parties" (
                "id" uuid NOT NULL,
                "report_id" uuid NOT NULL,
                "transaction_id" uuid,
                "parent_party_id" uuid,
                "place" text NOT NULL,
                "role" text,
                "kind" text NOT NULL,
                "my_client" boolean NOT NULL DEFAULT false,
                "path" text NOT NULL,
                "display_name" text,
                "first_name" text,
                "middle_name" text,
                "last_name" text,
                "birthdate" date,
                "gender" text,
                "nationality" character(2),
                "residence" character(2),
                "incorporation_number" text,
                "incorporation_country" character(2),
                "institution_code" text,
                "swift" text,
                "account_number" text,
                "iban" text,
                "currency_code" character(3),
                "funds_code" text,
                "country" character(2),
                CONSTRAINT "PK_69229ab87aeb0eae6ef252caf23" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "report_parties_transaction_idx" ON "report_parties" ("transaction_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "report_parties_report_idx" ON "report_parties" ("report_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "report_transactions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "report_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "transaction_number" text,
                "internal_ref_number" text,
                "location" text,
                "description" text,
                "date_transaction" TIMESTAMP,
                "value_date" TIMESTAMP,
                "transmode_code" text,
                "amount_local" numeric(20, 2),
                "shape" text NOT NULL,
                "element" jsonb NOT NULL,
                CONSTRAINT "PK_4d133608c075e0f0730bffc69d8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "report_transactions_report_idx" ON "report_transactions" ("report_id", "position")
        `);
        await queryRunner.query(`
            CREATE TABLE "report_attachments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "report_id" uuid NOT NULL,
                "file_name" text NOT NULL,
                "content_type" text NOT NULL,
                "size" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "content" bytea NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6ba5abf9d442cf6861793b468b0" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "report_attachments_report_idx" ON "report_attachments" ("report_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "rentity_id" text
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "rentity_branch" text
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "submission_code" text
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "reason" text
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "action" text
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "indicators" text array NOT NULL DEFAULT '{}'
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "transaction_count" integer NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "header_elements" jsonb
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "header_elements"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "transaction_count"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "indicators"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "action"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "reason"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "submission_code"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "rentity_branch"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "rentity_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."report_attachments_report_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "report_attachments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."report_transactions_report_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "report_transactions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."report_parties_report_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."report_parties_transaction_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "report_parties"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."party_identifiers_value_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."party_identifiers_party_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "party_identifiers"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."party_addresses_party_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "party_addresses"
        `);
    }

}
