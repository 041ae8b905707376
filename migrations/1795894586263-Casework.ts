import { MigrationInterface, QueryRunner } from "typeorm";

export class Casework1795894586263 implements MigrationInterface {
    name = 'Casework1795894586263'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "subject_relations" (
                "party_id" uuid NOT NULL,
                "report_id" uuid NOT NULL,
                "subject_id" uuid NOT NULL,
                "related_subject_id" uuid NOT NULL,
                "relation" text NOT NULL,
                CONSTRAINT "PK_4a52a35e85022bc5689946d3ada" PRIMARY KEY ("party_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "subject_relations_report_idx" ON "subject_relations" ("report_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "subject_relations_related_idx" ON "subject_relations" ("related_subject_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "subject_relations_subject_idx" ON "subject_relations" ("subject_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "report_triage" (
                "report_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'new',
                "assignee_id" uuid,
                "closing_reason" text,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_070536a1d6eb6d4121c8f3a7a92" PRIMARY KEY ("report_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "report_triage_assignee_idx" ON "report_triage" ("assignee_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "cases" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "ref" text NOT NULL,
                "title" text NOT NULL,
                "summary" text,
                "status" text NOT NULL DEFAULT 'open',
                "created_by" uuid NOT NULL,
                "assignee_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_f24d2334f494ceff5688fe84cc6" UNIQUE ("ref"),
                CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "case_reports" (
                "case_id" uuid NOT NULL,
                "report_id" uuid NOT NULL,
                "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3d6cabaeaecefe4e7079313a60e" PRIMARY KEY ("case_id", "report_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "case_reports_report_idx" ON "case_reports" ("report_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "case_subjects" (
                "case_id" uuid NOT NULL,
                "subject_id" uuid NOT NULL,
                "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_fe02031dd03bb3362ae33e759cd" PRIMARY KEY ("case_id", "subject_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "case_subjects_subject_idx" ON "case_subjects" ("subject_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "case_notes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "author_id" uuid NOT NULL,
                "text" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_474011f166285b8da9a653af5c5" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "case_notes_case_idx" ON "case_notes" ("case_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "case_attachments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "file_name" text NOT NULL,
                "content_type" text NOT NULL,
                "size" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "content" bytea NOT NULL,
                "uploaded_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9680beedc0b2d26fafb04435fb8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "case_attachments_case_idx" ON "case_attachments" ("case_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "case_history" (
                "id" BIGSERIAL NOT NULL,
                "case_id" uuid NOT NULL,
                "actor_id" uuid NOT NULL,
                "action" text NOT NULL,
                "detail" jsonb NOT NULL DEFAULT '{}',
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_c3afb6b822ee2a4b1602b33d595" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "case_history_case_idx" ON "case_history" ("case_id", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "competent_authorities" (
                "code" text NOT NULL,
                "name" text NOT NULL,
                "kind" text NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1b08e44e98f9a0fb57b28b555ba" PRIMARY KEY ("code")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "disseminations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "ref" text NOT NULL,
                "case_id" uuid,
                "authority_code" text NOT NULL,
                "purpose" text NOT NULL,
                "caveats" text NOT NULL,
                "include_analysis" boolean NOT NULL DEFAULT true,
                "status" text NOT NULL DEFAULT 'draft',
                "author_id" uuid NOT NULL,
                "approver_id" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "rejection_reason" text,
                "issued_by" uuid,
                "issued_at" TIMESTAMP WITH TIME ZONE,
                "issued_package" jsonb,
                "package_sha256" character(64),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_4fcca33d7d90803f8500bf4bb61" UNIQUE ("ref"),
                CONSTRAINT "PK_8956b2db176c674b15aa5357a51" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "disseminations_case_idx" ON "disseminations" ("case_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "dissemination_items" (
                "dissemination_id" uuid NOT NULL,
                "item_type" text NOT NULL,
                "item_id" uuid NOT NULL,
                CONSTRAINT "PK_4d468a76be05b134067054cda3a" PRIMARY KEY ("dissemination_id", "item_type", "item_id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "subjects"
            ADD "search_name" text
        `);
        // Made by hand (TypeORM cannot declare these): search indexes, reference sequences, and
        // the freeze of an issued dissemination.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`CREATE INDEX "subjects_search_name_trgm_idx" ON "subjects" USING gin ("search_name" gin_trgm_ops)`);
        await queryRunner.query(`
            CREATE INDEX "reports_narrative_fts_idx" ON "reports"
            USING gin (to_tsvector('simple', coalesce("reason", '') || ' ' || coalesce("action", '')))
        `);
        await queryRunner.query(`
            CREATE INDEX "report_transactions_description_fts_idx" ON "report_transactions"
            USING gin (to_tsvector('simple', coalesce("description", '')))
        `);
        await queryRunner.query(`
            CREATE INDEX "party_identifiers_compact_idx" ON "party_identifiers" (upper(regexp_replace("value", '[^0-9A-Za-z]', '', 'g')))
        `);
        await queryRunner.query(`CREATE INDEX "analysis_results_score_order_idx" ON "analysis_results" ("score" DESC, "report_id")`);
        await queryRunner.query(`CREATE SEQUENCE "case_ref_seq"`);
        await queryRunner.query(`CREATE SEQUENCE "dissemination_ref_seq"`);
        await queryRunner.query(`
            CREATE FUNCTION disseminations_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.status = 'issued' THEN
                    RAISE EXCEPTION 'dissemination % was issued and is frozen', OLD.ref;
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER disseminations_frozen BEFORE UPDATE OR DELETE ON "disseminations"
            FOR EACH ROW EXECUTE FUNCTION disseminations_frozen()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER disseminations_frozen ON "disseminations"`);
        await queryRunner.query(`DROP FUNCTION disseminations_frozen()`);
        await queryRunner.query(`DROP SEQUENCE "dissemination_ref_seq"`);
        await queryRunner.query(`DROP SEQUENCE "case_ref_seq"`);
        await queryRunner.query(`DROP INDEX "analysis_results_score_order_idx"`);
        await queryRunner.query(`DROP INDEX "party_identifiers_compact_idx"`);
        await queryRunner.query(`DROP INDEX "report_transactions_description_fts_idx"`);
        await queryRunner.query(`DROP INDEX "reports_narrative_fts_idx"`);
        await queryRunner.query(`DROP INDEX "subjects_search_name_trgm_idx"`);
        await queryRunner.query(`
            ALTER TABLE "subjects" DROP COLUMN "search_name"
        `);
        await queryRunner.query(`
            DROP TABLE "dissemination_items"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."disseminations_case_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "disseminations"
        `);
        await queryRunner.query(`
            DROP TABLE "competent_authorities"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."case_history_case_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "case_history"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."case_attachments_case_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "case_attachments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."case_notes_case_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "case_notes"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."case_subjects_subject_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "case_subjects"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."case_reports_report_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "case_reports"
        `);
        await queryRunner.query(`
            DROP TABLE "cases"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."report_triage_assignee_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "report_triage"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."subject_relations_subject_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."subject_relations_related_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."subject_relations_report_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "subject_relations"
        `);
    }

}
