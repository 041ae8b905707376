import { MigrationInterface, QueryRunner } from "typeorm";

export class SanctionsLists1795874831444 implements MigrationInterface {
    name = 'SanctionsLists1795874831444'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "sanction_entries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "source" text NOT NULL,
                "source_ref" text NOT NULL,
                "kind" text NOT NULL,
                "name" text NOT NULL,
                "entry" jsonb NOT NULL,
                "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "sanction_entries_source_ref_uq" UNIQUE ("source", "source_ref"),
                CONSTRAINT "PK_58e775fb86646340888613d981c" PRIMARY KEY ("id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "sanction_entries"
        `);
    }

}
