import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@fiu/core';
import { AuditEntry } from './audit-entry.entity';
import { chainHash, ChainedFields, GENESIS_HASH } from './audit-chain';

export interface AuditEvent {
  actorType: Actor['type'];
  actorId: string;
  actorName?: string | null;
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  purpose?: string | null;
  sourceIp?: string | null;
  detail?: Record<string, unknown>;
}

/** What an actor did, to what: the part of an entry that is not about who. */
export interface AuditAction {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  detail?: Record<string, unknown>;
  /** Overrides the actor's stated purpose (a policy decision records the purpose of the message). */
  purpose?: string | null;
}

export interface AuditQuery {
  actorId?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  from?: Date;
  to?: Date;
  /** Entries with an id below this one (paging backwards from the newest). */
  before?: string;
  limit: number;
}

export interface AuditEntryView extends ChainedFields {
  id: string;
  hash: string;
}

export interface ChainVerification {
  checked: number;
  /** The first entry whose stored hashes do not match the recomputed chain, if any. */
  brokenAt: { id: string; reason: string } | null;
}

// One chain for the whole log: appends take this transaction-scoped lock in turn.
const CHAIN_LOCK = 7_352_001;
const VERIFY_BATCH = 5000;

/** The tamper-evident access log: append in the caller's transaction, query, verify. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  private async append(event: AuditEvent, manager?: EntityManager): Promise<void> {
    if (manager?.queryRunner?.isTransactionActive) return this.appendIn(manager, event);
    return this.dataSource.transaction((own) => this.appendIn(own, event));
  }

  /** Records what an actor did; pass the manager of the transaction that makes the change it records. */
  async record(actor: Actor, what: AuditAction, manager?: EntityManager): Promise<void> {
    return this.append(
      {
        actorType: actor.type,
        actorId: actor.id,
        actorName: actor.name,
        sourceIp: actor.sourceIp ?? null,
        purpose: what.purpose !== undefined ? what.purpose : (actor.purpose ?? null),
        action: what.action,
        objectType: what.objectType ?? null,
        objectId: what.objectId ?? null,
        detail: what.detail,
      },
      manager,
    );
  }

  async query(filter: AuditQuery): Promise<AuditEntryView[]> {
    const builder = this.dataSource.manager.createQueryBuilder(AuditEntry, 'entry').orderBy('entry.id', 'DESC').take(filter.limit);
    if (filter.actorId) builder.andWhere('entry.actorId = :actorId', { actorId: filter.actorId });
    if (filter.action) builder.andWhere('entry.action = :action', { action: filter.action });
    if (filter.objectType) builder.andWhere('entry.objectType = :objectType', { objectType: filter.objectType });
    if (filter.objectId) builder.andWhere('entry.objectId = :objectId', { objectId: filter.objectId });
    if (filter.from) builder.andWhere('entry.at >= :from', { from: filter.from });
    if (filter.to) builder.andWhere('entry.at < :to', { to: filter.to });
    if (filter.before) builder.andWhere('entry.id < :before', { before: filter.before });
    const entries = await builder.getMany();
    return entries.map((entry) => ({ ...viewOf(entry) }));
  }

  /** Recomputes the whole chain in id order and names the first entry that does not fit. */
  async verify(): Promise<ChainVerification> {
    let previous = GENESIS_HASH;
    let checked = 0;
    let after = '0';
    for (;;) {
      const batch = await this.dataSource.manager
        .createQueryBuilder(AuditEntry, 'entry')
        .where('entry.id > :after', { after })
        .orderBy('entry.id', 'ASC')
        .take(VERIFY_BATCH)
        .getMany();
      if (batch.length === 0) return { checked, brokenAt: null };
      for (const entry of batch) {
        if (entry.prevHash !== previous) return { checked, brokenAt: { id: entry.id, reason: 'its link to the previous entry does not match' } };
        if (chainHash(previous, viewOf(entry)) !== entry.hash) {
          return { checked, brokenAt: { id: entry.id, reason: 'its content does not match its hash' } };
        }
        previous = entry.hash;
        checked += 1;
      }
      after = batch[batch.length - 1].id;
    }
  }

  private async appendIn(manager: EntityManager, event: AuditEvent): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [last] = (await manager.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')) as { hash: string }[];
    const fields: ChainedFields = {
      // JavaScript dates have millisecond precision, which PostgreSQL keeps exactly: the hash recomputes.
      at: new Date(),
      actorType: event.actorType,
      actorId: event.actorId,
      actorName: event.actorName ?? null,
      action: event.action,
      objectType: event.objectType ?? null,
      objectId: event.objectId ?? null,
      purpose: event.purpose ?? null,
      sourceIp: event.sourceIp ?? null,
      // Hashed as PostgreSQL will store it: jsonb drops undefined values and turns dates into strings.
      detail: JSON.parse(JSON.stringify(event.detail ?? {})) as Record<string, unknown>,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    await manager.query(
      `INSERT INTO audit_log (at, actor_type, actor_id, actor_name, action, object_type, object_id, purpose, source_ip, detail, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        fields.at,
        fields.actorType,
        fields.actorId,
        fields.actorName,
        fields.action,
        fields.objectType,
        fields.objectId,
        fields.purpose,
        fields.sourceIp,
        fields.detail,
        prevHash,
        chainHash(prevHash, fields),
      ],
    );
  }
}

function viewOf(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    at: entry.at,
    actorType: entry.actorType,
    actorId: entry.actorId,
    actorName: entry.actorName,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    purpose: entry.purpose,
    sourceIp: entry.sourceIp,
    detail: entry.detail,
    hash: entry.hash,
  };
}
