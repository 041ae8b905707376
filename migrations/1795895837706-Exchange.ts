import { MigrationInterface, QueryRunner } from "typeorm";

export class Exchange1795895837706 implements MigrationInterface {
    name = 'Exchange1795895837706'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "partners" (
                "country" character(2) NOT NULL,
                "name" text NOT NULL,
                "endpoint_url" text NOT NULL,
                "jwks" jsonb NOT NULL,
                "jwks_url" text,
                "status" text NOT NULL DEFAULT 'active',
                "egmont_member" boolean NOT NULL DEFAULT false,
                "mou_required" boolean NOT NULL DEFAULT false,
                "mou_signed" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_56ca16e69d22a211a31f3d7ca0b" PRIMARY KEY ("country")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "exchange_policies" (
                "id" SERIAL NOT NULL,
                "country" character(2) NOT NULL,
                "version" integer NOT NULL,
                "policy" jsonb NOT NULL,
                "set_by" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "exchange_policies_country_version_uq" UNIQUE ("country", "version"),
                CONSTRAINT "PK_9a018c14be2a39df05c33511e3f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "exchange_messages" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "message_id" uuid NOT NULL,
                "direction" text NOT NULL,
                "country" character(2) NOT NULL,
                "type" text NOT NULL,
                "thread_id" uuid NOT NULL,
                "in_reply_to" uuid,
                "status" text NOT NULL,
                "purpose" text,
                "items" jsonb NOT NULL DEFAULT '{}',
                "body" jsonb NOT NULL DEFAULT '{}',
                "caveats" jsonb NOT NULL DEFAULT '{}',
                "policy_decision" jsonb,
                "deadline" TIMESTAMP WITH TIME ZONE,
                "created_by" uuid,
                "approved_by" uuid,
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "received_at" TIMESTAMP WITH TIME ZONE,
                "cross_check" jsonb,
                "reminded_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "exchange_messages_direction_message_uq" UNIQUE ("direction", "message_id"),
                CONSTRAINT "PK_f92029d9901032158fc6b63ce58" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "exchange_messages_status_idx" ON "exchange_messages" ("direction", "status")
        `);
        await queryRunner.query(`
            CREATE INDEX "exchange_messages_thread_idx" ON "exchange_messages" ("thread_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."exchange_messages_thread_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."exchange_messages_status_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "exchange_messages"
        `);
        await queryRunner.query(`
            DROP TABLE "exchange_policies"
        `);
        await queryRunner.query(`
            DROP TABLE "partners"
        `);
    }

}
