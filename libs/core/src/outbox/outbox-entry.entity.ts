import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A unit of later work, written in the same transaction as the change that causes it. */
@Entity('outbox')
@Index('outbox_pending_idx', ['createdAt'], { where: '"dispatched_at" IS NULL' })
export class OutboxEntry {
  /** Also the BullMQ job id, so publishing a row twice enqueues one job. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  queue: string;

  @Column('text', { name: 'job_name' })
  jobName: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;
}
