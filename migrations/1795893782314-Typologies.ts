import { MigrationInterface, QueryRunner } from "typeorm";

export class Typologies1795893782314 implements MigrationInterface {
    name = 'Typologies1795893782314'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "money_flows" (
                "transaction_id" uuid NOT NULL,
                "report_id" uuid,
                "from_subject_id" uuid,
                "to_subject_id" uuid,
                "amount" numeric(20, 2),
                "occurred_at" TIMESTAMP,
                "cash" boolean NOT NULL DEFAULT false,
                CONSTRAINT "PK_2a6b90b8ec20db389fe32352c75" PRIMARY KEY ("transaction_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "money_flows_report_idx" ON "money_flows" ("report_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "money_flows_to_idx" ON "money_flows" ("to_subject_id", "occurred_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "money_flows_from_idx" ON "money_flows" ("from_subject_id", "occurred_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "typology_rule_sets" (
                "version" text NOT NULL,
                "rules" jsonb NOT NULL,
                "activated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9d2c2b4e04e2bc78c84e8c295c5" PRIMARY KEY ("version")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD "analysis_error" text
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results"
            ADD "score" smallint NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results"
            ADD "band" text NOT NULL DEFAULT 'low'
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results"
            ADD "rule_set" text NOT NULL DEFAULT ''
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results"
            ADD "explanation" jsonb NOT NULL DEFAULT '[]'
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results"
            ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
        `);
        await queryRunner.query(`
            CREATE INDEX "analysis_results_score_idx" ON "analysis_results" ("score")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."analysis_results_score_idx"
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results" DROP COLUMN "updated_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results" DROP COLUMN "explanation"
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results" DROP COLUMN "rule_set"
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results" DROP COLUMN "band"
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_results" DROP COLUMN "score"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP COLUMN "analysis_error"
        `);
        await queryRunner.query(`
            DROP TABLE "typology_rule_sets"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."money_flows_from_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."money_flows_to_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."money_flows_report_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "money_flows"
        `);
    }

}
