import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const JOB_KINDS = ['list_reload', 'list_rescreen', 'reanalysis', 'batch_file'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * One long job as staff see it: what it is, how far it got, who asked. Progress only: the work
 * itself lives in BullMQ and in the tables it changes, so a lost update here never loses work.
 */
@Entity('job_progress')
@Index('job_progress_created_idx', ['createdAt'])
@Index('job_progress_state_idx', ['state', 'createdAt'])
export class JobProgress {
  /** The BullMQ job id (= outbox id) when one queued job is the whole work, else a new uuid. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  kind: JobKind;

  @Column('text', { default: 'queued' })
  state: JobState;

  /** Items finished (successfully or not: see failedItems). */
  @Column('int', { default: 0 })
  done: number;

  /** Items failed for good, counted in done too. */
  @Column('int', { name: 'failed_items', default: 0 })
  failedItems: number;

  /** Null while unknown (the job has not counted its work yet). */
  @Column('int', { nullable: true })
  total: number | null;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  /** Why it failed, in words fit for staff: never report content. */
  @Column('text', { nullable: true })
  error: string | null;

  /** Actor type and id of who asked (staff id, `system:<job>`, `cli:<user>`). */
  @Column('text', { name: 'requested_by_type' })
  requestedByType: string;

  @Column('text', { name: 'requested_by_id' })
  requestedById: string;

  @Column('text', { name: 'requested_by_name', nullable: true })
  requestedByName: string | null;

  /** A few words on what the job covers (e.g. the list reloaded); ids and names of lists only. */
  @Column('jsonb', { default: () => "'{}'" })
  detail: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
