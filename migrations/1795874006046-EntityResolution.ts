import { MigrationInterface, QueryRunner } from "typeorm";

export class EntityResolution1795874006046 implements MigrationInterface {
    name = 'EntityResolution1795874006046'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "subjects" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" text NOT NULL,
                "display_name" text,
                "given_name" text,
                "surname" text,
                "birthdate" date,
                "postcode" text,
                "city" text,
                "street" text,
                "name_key" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1a023685ac2b051b4e557b0b280" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "subjects_birthdate_idx" ON "subjects" ("birthdate")
        `);
        await queryRunner.query(`
            CREATE INDEX "subjects_name_key_idx" ON "subjects" ("kind", "name_key")
        `);
        await queryRunner.query(`
            CREATE TABLE "subject_identifiers" (
                "id" BIGSERIAL NOT NULL,
                "subject_id" uuid NOT NULL,
                "key" text NOT NULL,
                CONSTRAINT "subject_identifiers_key_uq" UNIQUE ("key"),
                CONSTRAINT "PK_1aa03731a7edef537e02deb2337" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "party_subject_links" (
                "party_id" uuid NOT NULL,
                "subject_id" uuid NOT NULL,
                "method" text NOT NULL,
                "score" double precision,
                "reason" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_797e6c39ef99f77591b4ae3d27d" PRIMARY KEY ("party_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "party_subject_links_subject_idx" ON "party_subject_links" ("subject_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "possible_matches" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "party_id" uuid NOT NULL,
                "candidate_subject_id" uuid NOT NULL,
                "score" double precision NOT NULL,
                "evidence" jsonb NOT NULL,
                "status" text NOT NULL DEFAULT 'open',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "possible_matches_pair_uq" UNIQUE ("party_id", "candidate_subject_id"),
                CONSTRAINT "PK_79700ace368882114b5c1f6e835" PRIMARY KEY ("id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "possible_matches"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."party_subject_links_subject_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "party_subject_links"
        `);
        await queryRunner.query(`
            DROP TABLE "subject_identifiers"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."subjects_name_key_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."subjects_birthdate_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "subjects"
        `);
    }

}
