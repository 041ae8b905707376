import { MigrationInterface, QueryRunner } from "typeorm";

export class PartnerKeyConfirmation1796320952671 implements MigrationInterface {
    name = 'PartnerKeyConfirmation1796320952671'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "partners"
            ADD "pending_jwks" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "partners"
            ADD "pending_jwks_thumbprint" text
        `);
        await queryRunner.query(`
            ALTER TABLE "partners"
            ADD "pending_jwks_fetched_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "partners"
            ADD "allow_private_network" boolean NOT NULL DEFAULT false
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "partners" DROP COLUMN "allow_private_network"
        `);
        await queryRunner.query(`
            ALTER TABLE "partners" DROP COLUMN "pending_jwks_fetched_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "partners" DROP COLUMN "pending_jwks_thumbprint"
        `);
        await queryRunner.query(`
            ALTER TABLE "partners" DROP COLUMN "pending_jwks"
        `);
    }

}
