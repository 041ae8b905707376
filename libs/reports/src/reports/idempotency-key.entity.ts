import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An `Idempotency-Key` a filer sent, bound to the request body it first came with. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn('uuid', { name: 'entity_id' })
  entityId: string;

  @PrimaryColumn('text')
  key: string;

  @Column('char', { name: 'request_sha256', length: 64 })
  requestSha256: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
