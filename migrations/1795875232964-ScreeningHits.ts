import { MigrationInterface, QueryRunner } from "typeorm";

export class ScreeningHits1795875232964 implements MigrationInterface {
    name = 'ScreeningHits1795875232964'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "screening_hits" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "subject_id" uuid NOT NULL,
                "source" text NOT NULL,
                "source_ref" text NOT NULL,
                "score" double precision NOT NULL,
                "explanation" jsonb NOT NULL,
                "matched_name" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "screening_hits_pair_uq" UNIQUE ("subject_id", "source", "source_ref"),
                CONSTRAINT "PK_716e50fbae5a080854587c01963" PRIMARY KEY ("id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "screening_hits"
        `);
    }

}
