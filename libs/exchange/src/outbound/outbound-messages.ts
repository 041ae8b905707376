import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { EnvironmentVariables, EXCHANGE_QUEUE, ExchangeJobName, OutboxService, type Actor } from '@fiu/core';
import { newMessageId } from '../envelope/envelope';
import { ExchangeErrorCode, ExchangeException } from '../exchange.errors';
import { MessageOutcomeResponse } from '../dto/message.response';
import { PolicyDecisionResponse } from '../dto/policy.response';
import { buildPackage, categoriesOf, PackageItems } from '../package-builder';
import { DataCategory, MessageType, PolicyDecision } from '../policy-engine';
import { PolicyService } from '../policy.service';
import { itemsOf, needsApproval } from './approval-rule';
import { ReleaseCheck } from './release-check';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OutboundRow {
  id: string;
  message_id: string;
  country: string;
  type: MessageType;
  thread_id: string;
  in_reply_to: string | null;
  status: string;
  purpose: string | null;
  items: Record<string, unknown>;
  body: Record<string, unknown>;
  policy_decision: PolicyDecision | null;
  created_by: string | null;
  approved_by: string | null;
}

export interface ReceivedRow {
  id: string;
  message_id: string;
  country: string;
  type: string;
  thread_id: string;
  body: Record<string, unknown>;
}

export interface OutboundDraft {
  /** Ignored when answering: the answer goes to the country the replied message came from. */
  country: string | null;
  type: MessageType;
  purpose: string | null;
  /** Our id of the received message this one answers. */
  replyTo: string | null;
  body: Record<string, unknown>;
  items: PackageItems;
}

/** Audit entries of one transaction, written at its end: [action, message id, detail], or a policy decision. */
export type Trail = ([string, string, Record<string, unknown>] | { decision: PolicyDecision; purpose: string | null })[];

/** What a transaction decided; a refusal is committed first (the message shows it), then thrown. */
export interface Outcome {
  id: string;
  status: string;
  decision: PolicyDecision | null;
  refusal: ExchangeException | null;
}

/**
 * Outbound messages as rows: written as drafts, released (checked, packaged, queued through the
 * outbox) or refused with the reason kept on the message. The use cases decide when; this is how.
 */
@Injectable()
export class OutboundMessages {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly policies: PolicyService,
    private readonly releaseCheck: ReleaseCheck,
    private readonly config: EnvironmentVariables,
  ) {}

  /** Writes a message; it waits for four-eyes approval if the approval rule says so, else it is released at once. */
  async create(draft: OutboundDraft, actor: Actor): Promise<MessageOutcomeResponse> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      let country = draft.country?.toUpperCase() ?? '';
      let thread = newMessageId();
      let inReplyTo: string | null = null;
      if (draft.replyTo) {
        const replied = await this.received(draft.replyTo, manager);
        country = replied.country;
        thread = replied.thread_id;
        // The replied message's envelope id: what the partner knows it by.
        inReplyTo = replied.message_id;
      }
      if (!/^[A-Z]{2}$/.test(country)) throw new ExchangeException(ExchangeErrorCode.InvalidInput, 'country must be an ISO 3166-1 alpha-2 code');
      const messageId = newMessageId();
      const [row] = (await manager.query(
        `INSERT INTO exchange_messages (message_id, direction, country, type, thread_id, in_reply_to, status, purpose, items, body, caveats, created_by)
         VALUES ($1, 'out', $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10) RETURNING *`,
        [
          messageId,
          country,
          draft.type,
          draft.type === 'request' ? messageId : thread,
          inReplyTo,
          draft.purpose,
          draft.items,
          draft.body,
          { originatingFiu: this.config.FIU_COUNTRY, purpose: draft.purpose, onwardUseNeedsConsent: true },
          actor.type === 'staff' ? actor.id : null,
        ],
      )) as OutboundRow[];
      const trail: Trail = [['exchange.compose', row.id, { type: draft.type, country, awaitsApproval: needsApproval(draft.type, draft.items) }]];
      const outcome: Outcome = needsApproval(draft.type, draft.items) ? { id: row.id, status: 'draft', decision: null, refusal: null } : await this.release(manager, row, actor, trail);
      await this.writeTrail(manager, actor, trail);
      return outcome;
    });
    return settle(outcome);
  }

  /** Checks the message now, then builds its package with what the policy allows and queues it; or refuses it with the reason. */
  async release(manager: EntityManager, row: OutboundRow, actor: Actor, trail: Trail): Promise<Outcome> {
    const items = itemsOf(row);
    const { decision, refusal } = await this.releaseCheck.check(
      manager,
      { country: row.country, type: row.type, purpose: row.purpose, categories: await categoriesOf(manager, items), receivedMessageIds: items.receivedMessageIds },
      actor,
    );
    if (refusal) return this.refuse(manager, row, decision, refusal, trail, 'exchange.refused');
    const packaged = await buildPackage(manager, items, decision.send, decision.redaction);
    await manager.query(
      `UPDATE exchange_messages SET status = 'queued', body = $2, policy_decision = $3, updated_at = now(),
              deadline = CASE WHEN type = 'request' THEN now() + make_interval(days => $4::int) END WHERE id = $1`,
      [row.id, { ...row.body, package: packaged }, decision, decision.responseDeadlineDays ?? 30],
    );
    await this.queue(manager, row.id);
    trail.push({ decision, purpose: row.purpose }, ['exchange.queue', row.id, { country: row.country, type: row.type, sent: decision.send, removed: decision.removed }]);
    return { id: row.id, status: 'queued', decision, refusal: null };
  }

  /** Checks an approved message again (delivery, resend): the same check, on the package as approved. */
  async recheck(manager: EntityManager, row: OutboundRow, actor: Actor) {
    const packaged = (row.body.package ?? {}) as { categories?: DataCategory[] };
    return this.releaseCheck.check(
      manager,
      { country: row.country, type: row.type, purpose: row.purpose, categories: packaged.categories ?? [], receivedMessageIds: itemsOf(row).receivedMessageIds },
      actor,
      { approvedPackage: true },
    );
  }

  /** The message stays, refused, with the decision and the reason on it for staff to see. */
  async refuse(manager: EntityManager, row: OutboundRow, decision: PolicyDecision | null, refusal: ExchangeException, trail: Trail, action: string): Promise<Outcome> {
    await manager.query("UPDATE exchange_messages SET status = 'refused', policy_decision = coalesce($2, policy_decision), last_error = $3, updated_at = now() WHERE id = $1", [row.id, decision, refusal.message]);
    if (decision) trail.push({ decision, purpose: row.purpose });
    trail.push([action, row.id, { reason: refusal.message, decision }]);
    return { id: row.id, status: 'refused', decision, refusal };
  }

  async queue(manager: EntityManager, id: string): Promise<void> {
    await this.outbox.add(manager, { queue: EXCHANGE_QUEUE, jobName: ExchangeJobName.DeliverMessage, payload: { messageId: id } });
  }

  /** Locks one outbound message for the rest of the transaction. */
  async lock(manager: EntityManager, id: string): Promise<OutboundRow> {
    if (!UUID.test(id)) throw new ExchangeException(ExchangeErrorCode.NotFound, `No message ${id}`);
    const [row] = (await manager.query("SELECT * FROM exchange_messages WHERE id = $1 AND direction = 'out' FOR UPDATE", [id])) as OutboundRow[];
    if (!row) throw new ExchangeException(ExchangeErrorCode.NotFound, `No outbound message ${id}`);
    return row;
  }

  async received(id: string, manager: EntityManager = this.dataSource.manager): Promise<ReceivedRow> {
    if (!UUID.test(id)) throw new ExchangeException(ExchangeErrorCode.NotFound, `No received message ${id}`);
    const [row] = (await manager.query("SELECT id, message_id, country, type, thread_id, body FROM exchange_messages WHERE id = $1 AND direction = 'in'", [id])) as ReceivedRow[];
    if (!row) throw new ExchangeException(ExchangeErrorCode.NotFound, `No received message ${id}`);
    return row;
  }

  /**
   * Writes the transaction's audit entries last, in order: the audit log's chain lock is held from
   * the first entry to the commit, so writing them at the end keeps other transactions waiting least.
   */
  async writeTrail(manager: EntityManager, actor: Actor, trail: Trail): Promise<void> {
    for (const entry of trail) {
      if (Array.isArray(entry)) await this.audit.record(actor, { action: entry[0], objectType: 'exchange_message', objectId: entry[1], detail: entry[2] }, manager);
      else await this.policies.recordDecision(entry.decision, entry.purpose, actor, manager);
    }
  }
}

/** After the commit: a refusal is thrown (the route answers 403 with the reason), anything else answered. */
export function settle(outcome: Outcome): MessageOutcomeResponse {
  if (outcome.refusal) throw outcome.refusal;
  return { id: outcome.id, status: outcome.status, decision: outcome.decision ? PolicyDecisionResponse.from(outcome.decision) : null };
}
