import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of the access log. Append-only (a trigger refuses UPDATE and DELETE); each entry
 * carries the hash of the one before, so any later change breaks the chain at that entry.
 */
@Entity('audit_log')
@Index('audit_log_object_idx', ['objectType', 'objectId'])
@Index('audit_log_actor_idx', ['actorId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('timestamptz')
  at: Date;

  /** staff, reporting_entity, partner or system. */
  @Column('text', { name: 'actor_type' })
  actorType: string;

  @Column('text', { name: 'actor_id' })
  actorId: string;

  @Column('text', { name: 'actor_name', nullable: true })
  actorName: string | null;

  /** What was done, e.g. report.read, request.create, auth.login_failed. */
  @Column('text')
  action: string;

  @Column('text', { name: 'object_type', nullable: true })
  objectType: string | null;

  @Column('text', { name: 'object_id', nullable: true })
  objectId: string | null;

  /** The purpose the user stated, where the action needs one. */
  @Column('text', { nullable: true })
  purpose: string | null;

  /** Where the request came from. */
  @Column('text', { name: 'source_ip', nullable: true })
  sourceIp: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  detail: Record<string, unknown>;

  @Column('char', { name: 'prev_hash', length: 64 })
  prevHash: string;

  @Column('char', { length: 64 })
  hash: string;
}
