import { MigrationInterface, QueryRunner } from "typeorm";

export class InformationRequests1795870884770 implements MigrationInterface {
    name = 'InformationRequests1795870884770'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Added by hand: request references are numbered by a free-standing sequence.
        await queryRunner.query(`CREATE SEQUENCE "information_request_ref_seq"`);
        await queryRunner.query(`
            CREATE TABLE "information_requests" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "reference" text NOT NULL,
                "entity_id" uuid NOT NULL,
                "report_id" uuid,
                "subject" text,
                "question" text NOT NULL,
                "due_date" date,
                "status" text NOT NULL DEFAULT 'open',
                "requested_by" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "answered_at" TIMESTAMP WITH TIME ZONE,
                "answer_report_id" uuid,
                CONSTRAINT "UQ_10c148888b0aa19e4098ff56b01" UNIQUE ("reference"),
                CONSTRAINT "PK_6c42fdd3cb4a12dfa4f4107e2e2" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "information_requests_entity_idx" ON "information_requests" ("entity_id", "status")
        `);
        await queryRunner.query(`
            CREATE TABLE "request_answers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "request_id" uuid NOT NULL,
                "message" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1c851bc355c2fb81156bf41cd0c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "request_answers_request_idx" ON "request_answers" ("request_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "request_answer_attachments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "answer_id" uuid NOT NULL,
                "file_name" text NOT NULL,
                "content_type" text NOT NULL,
                "size" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "content" bytea NOT NULL,
                CONSTRAINT "PK_0cb1e31c6d78fdff10c448c40b8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "request_answer_attachments_answer_idx" ON "request_answer_attachments" ("answer_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."request_answer_attachments_answer_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "request_answer_attachments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."request_answers_request_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "request_answers"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."information_requests_entity_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "information_requests"
        `);
        await queryRunner.query(`DROP SEQUENCE "information_request_ref_seq"`);
    }

}
