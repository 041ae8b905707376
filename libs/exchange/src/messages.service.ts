import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { ANALYSIS_QUEUE, AnalysisJobName, EnvironmentVariables, EXCHANGE_QUEUE, ExchangeJobName, OutboxService, systemActor, type Actor } from '@fiu/core';
import { ENVELOPE_TTL_SECONDS, EnvelopeError, EnvelopePayload, newMessageId, open, recipientKey, seal } from './envelope/envelope';
import { ExchangeErrorCode, ExchangeException } from './exchange.errors';
import { ExchangeMessage, Partner } from './exchange.entities';
import { KeysService } from './keys.service';
import { OnwardRecipient, OnwardUseGate } from './onward-use.gate';
import { buildPackage, categoriesOf, PackageItems } from './package-builder';
import { MESSAGE_TYPES, MessageType, PolicyDecision, PROCEDURAL_TYPES } from './policy-engine';
import { PartnersService } from './partners.service';
import { PolicyService } from './policy.service';

export interface ComposeInput {
  country?: unknown;
  type?: unknown;
  purpose?: unknown;
  /** Our id of the received message this one answers. */
  inReplyTo?: unknown;
  facts?: unknown;
  background?: unknown;
  linkToCountry?: unknown;
  intendedUse?: unknown;
  urgency?: unknown;
  outcome?: unknown;
  reason?: unknown;
  narrative?: unknown;
  reportIds?: unknown;
  subjectIds?: unknown;
  receivedMessageIds?: unknown;
  usefulness?: unknown;
  use?: unknown;
}

/** Refused at our inbox; `reason` says which check failed. */
export class InboxRefusal extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'InboxRefusal';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URGENCY = ['normal', 'urgent', 'very_urgent'];
const OUTCOMES = ['full', 'partial', 'negative'];
const USEFULNESS = ['very_useful', 'useful', 'not_useful'];
const invalid = (message: string) => new ExchangeException(ExchangeErrorCode.InvalidInput, message);

function text(value: unknown, name: string, max = 20_000): string {
  if (typeof value !== 'string' || !value.trim() || value.length > max) throw invalid(`${name} is required (1-${max} characters)`);
  return value.trim();
}

function ids(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 200 || !value.every((item) => typeof item === 'string' && UUID.test(item))) throw invalid(`${name} must be a list of ids`);
  return [...new Set(value as string[])];
}

/**
 * Messages with partner FIUs: composed and checked here (our own validation first, then the
 * country's policy, then the third-party rule), approved under four-eyes when they carry a
 * package, delivered through the outbox and the worker, received and verified at the inbox.
 */
@Injectable()
export class MessagesService {
  private readonly logger = new Logger(MessagesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly policies: PolicyService,
    private readonly partners: PartnersService,
    private readonly gate: OnwardUseGate,
    private readonly keys: KeysService,
    private readonly config: EnvironmentVariables,
  ) {}

  /** Composes a message. Procedural ones (consent, feedback, acknowledgement) go at once; packages wait for four-eyes approval. */
  async compose(input: ComposeInput, actor: Actor) {
    const type = input?.type as MessageType;
    if (!MESSAGE_TYPES.includes(type)) throw invalid(`type must be one of ${MESSAGE_TYPES.join(', ')}`);
    const replyTo = input.inReplyTo === undefined || input.inReplyTo === null ? null : String(input.inReplyTo);
    if (replyTo !== null && !UUID.test(replyTo)) throw invalid('inReplyTo must be the id of a received message');
    const body: Record<string, unknown> = {};
    switch (type) {
      case 'request':
        // What Egmont asks of a request: facts, background, the link to the country, intended use and urgency.
        body.facts = text(input.facts, 'facts');
        body.background = text(input.background, 'background');
        body.linkToCountry = text(input.linkToCountry, 'linkToCountry', 4000);
        body.intendedUse = text(input.intendedUse, 'intendedUse', 4000);
        if (!URGENCY.includes(String(input.urgency))) throw invalid(`urgency must be one of ${URGENCY.join(', ')}`);
        body.urgency = input.urgency;
        break;
      case 'response':
        if (!OUTCOMES.includes(String(input.outcome))) throw invalid(`outcome must be one of ${OUTCOMES.join(', ')}`);
        body.outcome = input.outcome;
        if (input.outcome !== 'full') body.reason = text(input.reason, 'reason (required for a partial or negative response)', 4000);
        if (!replyTo) throw invalid('a response answers a received request: inReplyTo is required');
        break;
      case 'spontaneous_disclosure':
        break;
      case 'feedback':
        if (!USEFULNESS.includes(String(input.usefulness))) throw invalid(`usefulness must be one of ${USEFULNESS.join(', ')}`);
        body.usefulness = input.usefulness;
        body.use = text(input.use, 'use', 4000);
        if (!replyTo) throw invalid('feedback is about a received message: inReplyTo is required');
        break;
      case 'acknowledgement':
        if (!replyTo) throw invalid('an acknowledgement is about a received message: inReplyTo is required');
        break;
      case 'consent_request':
      case 'consent_decision':
        throw invalid(`use the consent routes for ${type}`);
    }
    const items: PackageItems = {
      reportIds: ids(input.reportIds, 'reportIds'),
      subjectIds: ids(input.subjectIds, 'subjectIds'),
      receivedMessageIds: ids(input.receivedMessageIds, 'receivedMessageIds'),
      narrative: input.narrative === undefined || input.narrative === null ? null : text(input.narrative, 'narrative'),
    };
    if (type === 'spontaneous_disclosure' && !items.narrative && items.reportIds.length + items.subjectIds.length === 0) throw invalid('a spontaneous disclosure needs a narrative, reports or subjects');
    return this.create({ country: input.country, type, purpose: input.purpose, replyTo, body, items }, actor);
  }

  /** Asks the FIU a received message came from for consent to pass it on: one step from the console. */
  async requestConsent(receivedId: string, recipient: OnwardRecipient, purpose: unknown, actor: Actor) {
    const received = await this.received(receivedId);
    const why = text(purpose, 'purpose', 4000);
    if (recipient?.kind === 'domestic') text(recipient.authority, 'recipient.authority', 40);
    else if (recipient?.kind === 'country') {
      if (!/^[A-Z]{2}$/.test(String(recipient.country))) throw invalid('recipient.country must be an ISO 3166-1 alpha-2 code');
    } else throw invalid('recipient must be { kind: "domestic", authority } or { kind: "country", country }');
    return this.create(
      { country: received.country, type: 'consent_request', purpose: why, replyTo: receivedId, body: { consentFor: received.message_id, recipient, purpose: why }, items: emptyItems() },
      actor,
    );
  }

  /** Answers a partner's consent request: granted, or refused with a reason, as the third-party rule demands. */
  async decideConsent(requestId: string, decision: unknown, reason: unknown, actor: Actor) {
    const request = await this.received(requestId);
    if (request.type !== 'consent_request') throw invalid('this received message is not a consent request');
    if (decision !== 'granted' && decision !== 'refused') throw invalid('decision must be granted or refused');
    const body: Record<string, unknown> = { consentFor: request.body.consentFor, recipient: request.body.recipient, decision };
    if (decision === 'refused') body.reason = text(reason, 'reason (a refusal must give one)', 4000);
    return this.create({ country: request.country, type: 'consent_decision', purpose: null, replyTo: requestId, body, items: emptyItems() }, actor);
  }

  /** What would go to a country, what would be removed, and why: the policy's decision on a proposed package (audited). */
  async explain(input: ComposeInput & { categories?: unknown }, actor: Actor) {
    const items: PackageItems = {
      reportIds: ids(input?.reportIds, 'reportIds'),
      subjectIds: ids(input?.subjectIds, 'subjectIds'),
      receivedMessageIds: ids(input?.receivedMessageIds, 'receivedMessageIds'),
      narrative: typeof input?.narrative === 'string' && input.narrative.trim() ? input.narrative : null,
    };
    const country = String(input?.country ?? '').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw invalid('country must be an ISO 3166-1 alpha-2 code');
    return this.dataSource.transaction(async (manager) => {
      const explicit = Array.isArray(input?.categories) ? (input.categories as string[]) : null;
      const categories = explicit ?? (await categoriesOf(manager, items));
      const decision = await this.policies.decide({ country, type: String(input?.type ?? ''), purpose: typeof input?.purpose === 'string' ? input.purpose : null, categories }, actor, manager);
      let consent: { allowed: boolean; reason: string | null } = { allowed: true, reason: null };
      try {
        await this.gate.assertAllowed(manager, items.receivedMessageIds, { kind: 'country', country });
      } catch (error) {
        if (!(error instanceof ExchangeException)) throw error;
        consent = { allowed: false, reason: error.message };
      }
      return { ...decision, allowed: decision.allowed && consent.allowed, thirdPartyRule: consent, proposedCategories: categories };
    });
  }

  /** Four-eyes: a supervisor who did not write the message lets it go (the route admits supervisors only). */
  async approve(id: string, actor: Actor) {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const row = await this.outbound(manager, id);
      if (row.created_by === actor.id) throw new ExchangeException(ExchangeErrorCode.FourEyes, 'Four-eyes: the author of a message cannot approve it; another supervisor must');
      if (row.status !== 'draft') throw new ExchangeException(ExchangeErrorCode.InvalidTransition, `A message ${row.status} cannot be approved`);
      await manager.query('UPDATE exchange_messages SET approved_by = $2 WHERE id = $1', [id, actor.id]);
      const trail: Trail = [['exchange.approve', id, {}]];
      const outcome = await this.dispatch(manager, { ...row, approved_by: actor.id }, actor, trail);
      await this.writeTrail(manager, actor, trail);
      return outcome;
    });
    return this.settle(outcome);
  }

  /** Sends a message that exhausted its delivery attempts again, from the start. */
  async resend(id: string, actor: Actor) {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.outbound(manager, id);
      if (row.status !== 'failed') throw new ExchangeException(ExchangeErrorCode.InvalidTransition, `Only a failed message can be resent; this one is ${row.status}`);
      await manager.query("UPDATE exchange_messages SET status = 'queued', attempts = 0, last_error = NULL, updated_at = now() WHERE id = $1", [id]);
      await this.outbox.add(manager, { queue: EXCHANGE_QUEUE, jobName: ExchangeJobName.DeliverMessage, payload: { messageId: id } });
      await this.audited(manager, actor, 'exchange.resend', id, {});
      return { id, status: 'queued' };
    });
  }

  async list(filter: { direction?: string; status?: string; country?: string }, actor: Actor) {
    const rows = await this.dataSource.query(
      `SELECT id, message_id, direction, country, type, thread_id, in_reply_to, status, purpose, deadline, attempts, last_error, sent_at, received_at, created_at
         FROM exchange_messages
        WHERE ($1::text IS NULL OR direction = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR country = $3)
        ORDER BY created_at DESC LIMIT 200`,
      [filter.direction ?? null, filter.status ?? null, filter.country ?? null],
    );
    await this.audit.record(actor, { action: 'exchange.list', objectType: 'exchange_message', detail: { ...filter } });
    return rows as Record<string, unknown>[];
  }

  async get(id: string, actor: Actor) {
    if (!UUID.test(id)) throw new ExchangeException(ExchangeErrorCode.NotFound, `No message ${id}`);
    const [row] = (await this.dataSource.query('SELECT * FROM exchange_messages WHERE id = $1', [id])) as Record<string, unknown>[];
    if (!row) throw new ExchangeException(ExchangeErrorCode.NotFound, `No message ${id}`);
    await this.audit.record(actor, { action: 'exchange.read', objectType: 'exchange_message', objectId: id });
    return row;
  }

  /** Our inbox: opens and verifies the envelope, refuses replays, stores the message with its caveats. */
  async receive(envelope: string, sourceIp: string | null): Promise<{ messageId: string; status: 'received' }> {
    const ring = await this.keys.ring();
    let payload: EnvelopePayload;
    try {
      payload = await open(envelope, ring, this.config.FIU_COUNTRY, (country) => this.partners.activeJwks(country));
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      await this.refused(error.reason, error.message, sourceIp);
      throw new InboxRefusal(error.reason, error.message);
    }
    if (!MESSAGE_TYPES.includes(payload.type as MessageType) || typeof payload.body !== 'object' || !payload.body || !UUID.test(String(payload.thread))) {
      await this.refused('malformed', 'unknown message type or body', sourceIp, payload.iss);
      throw new InboxRefusal('malformed', 'The message type, thread or body is not one this node accepts');
    }
    const stored = await this.dataSource.transaction(async (manager) => {
      const policy = await this.policies.current(payload.iss, manager);
      const days = payload.body.urgency === 'very_urgent' ? 2 : payload.body.urgency === 'urgent' ? 5 : (policy?.responseDeadlineDays ?? 30);
      const inserted = (await manager.query(
        `INSERT INTO exchange_messages (message_id, direction, country, type, thread_id, in_reply_to, status, purpose, body, caveats, deadline, received_at)
         VALUES ($1, 'in', $2, $3, $4, $5, 'received', $6, $7, $8, CASE WHEN $3 = 'request' THEN now() + make_interval(days => $9::int) END, now())
         ON CONFLICT (direction, message_id) DO NOTHING RETURNING id`,
        [
          payload.jti,
          payload.iss,
          payload.type,
          payload.thread,
          payload.inReplyTo && UUID.test(payload.inReplyTo) ? payload.inReplyTo : null,
          typeof payload.body.purpose === 'string' ? payload.body.purpose : null,
          payload.body,
          { originatingFiu: payload.iss, purpose: payload.body.purpose ?? payload.body.intendedUse ?? null, onwardUseNeedsConsent: true, intelligenceNotEvidence: true },
          days,
        ],
      )) as { id: string }[];
      if (inserted.length === 0) return null;
      // Fed to analysis like a report: its names and identifiers are checked against our subjects and the lists.
      await this.outbox.add(manager, { queue: ANALYSIS_QUEUE, jobName: AnalysisJobName.CrossCheckExchangeMessage, payload: { exchangeMessageId: inserted[0].id } });
      await this.audit.record(partnerActor(payload.iss, sourceIp), { action: 'exchange.receive', objectType: 'exchange_message', objectId: inserted[0].id, detail: { messageId: payload.jti, type: payload.type } }, manager);
      return inserted[0].id;
    });
    if (!stored) {
      await this.refused('replay', `message ${payload.jti} was already received`, sourceIp, payload.iss);
      throw new InboxRefusal('replay', `Message ${payload.jti} was already received; it takes effect once`);
    }
    return { messageId: payload.jti, status: 'received' };
  }

  /** Names and identifiers a received message carries (its package's subjects and accounts), for analysis. */
  async partiesOf(id: string): Promise<{ names: { ref: string; name: string; birthdate: string | null }[]; identifierKeys: string[] } | null> {
    const [row] = (await this.dataSource.query("SELECT body FROM exchange_messages WHERE id = $1 AND direction = 'in'", [id])) as { body: Record<string, unknown> }[];
    if (!row) return null;
    const subjects = ((row.body.package as { subjects?: unknown[] } | undefined)?.subjects ?? []) as {
      ref?: string;
      name?: string;
      birthdate?: string | null;
      identifiers?: string[];
      accounts?: string[];
    }[];
    return {
      names: subjects.filter((s) => typeof s.name === 'string' && s.name).map((s) => ({ ref: String(s.ref ?? ''), name: s.name!, birthdate: typeof s.birthdate === 'string' && s.birthdate.length === 10 ? s.birthdate : null })),
      // Masked identifiers (strict redaction) cannot match anything and are left out.
      identifierKeys: subjects.flatMap((s) => [...(s.identifiers ?? []), ...(s.accounts ?? [])]).filter((key) => typeof key === 'string' && !key.includes('*')),
    };
  }

  async recordCrossCheck(id: string, result: Record<string, unknown>): Promise<void> {
    await this.dataSource.query("UPDATE exchange_messages SET cross_check = $2, updated_at = now() WHERE id = $1 AND direction = 'in'", [id, result]);
  }

  /** The worker's delivery job: seal and POST; a partner that is down makes the job retry with backoff. */
  async deliver(id: string): Promise<'sent' | 'already_sent'> {
    const [row] = (await this.dataSource.query(
      "SELECT * FROM exchange_messages WHERE id = $1 AND direction = 'out'",
      [id],
    )) as Record<string, unknown>[];
    if (!row) throw new UnrecoverableError(`No outbound message ${id}`);
    if (row.status === 'sent') return 'already_sent';
    const partner = await this.dataSource.manager.findOneBy(Partner, { country: row.country as string });
    if (!partner || partner.status !== 'active') {
      await this.markFailed(id, `partner FIU ${String(row.country)} is not active`);
      throw new UnrecoverableError(`Partner FIU ${String(row.country)} is not active`);
    }
    const now = Math.floor(Date.now() / 1000);
    const payload: EnvelopePayload = {
      jti: row.message_id as string,
      iss: this.config.FIU_COUNTRY,
      aud: partner.country,
      iat: now,
      exp: now + ENVELOPE_TTL_SECONDS,
      type: row.type as string,
      thread: row.thread_id as string,
      inReplyTo: (row.in_reply_to as string | null) ?? null,
      body: row.body as Record<string, unknown>,
    };
    const envelope = await seal(payload, await this.keys.ring(), await recipientKey(partner.jwks as never));
    await this.dataSource.query('UPDATE exchange_messages SET attempts = attempts + 1, updated_at = now() WHERE id = $1', [id]);
    let status: number;
    let answer: { reason?: string; message?: string } = {};
    try {
      const response = await fetch(`${partner.endpointUrl}/v1/inbox`, { method: 'POST', headers: { 'content-type': 'application/jose' }, body: envelope, signal: AbortSignal.timeout(15_000) });
      status = response.status;
      answer = (await response.json().catch(() => ({}))) as typeof answer;
    } catch (error) {
      await this.dataSource.query('UPDATE exchange_messages SET last_error = $2 WHERE id = $1', [id, `partner unreachable: ${(error as Error).message}`]);
      throw new Error(`Partner FIU ${partner.country} unreachable: ${(error as Error).message}`);
    }
    // A replay answer means an earlier attempt arrived and only its answer was lost: delivered.
    if (status === 202 || (status === 409 && answer.reason === 'replay')) {
      await this.dataSource.query("UPDATE exchange_messages SET status = 'sent', sent_at = coalesce(sent_at, now()), last_error = NULL, updated_at = now() WHERE id = $1", [id]);
      return 'sent';
    }
    const detail = `partner answered ${status}${answer.reason ? ` (${answer.reason})` : ''}${answer.message ? `: ${answer.message}` : ''}`;
    if (status >= 400 && status < 500 && status !== 429) {
      await this.markFailed(id, detail);
      throw new UnrecoverableError(detail);
    }
    await this.dataSource.query('UPDATE exchange_messages SET last_error = $2 WHERE id = $1', [id, detail]);
    throw new Error(detail);
  }

  /** After the last attempt: visible to staff as failed, with the reason, until someone resends it. */
  async markFailed(id: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, affected].
      const [updated] = (await manager.query("UPDATE exchange_messages SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1 AND status <> 'sent' RETURNING id", [id, reason])) as [unknown[], number];
      if (updated.length) await this.audit.record(systemActor('exchange.delivery'), { action: 'exchange.delivery_failed', objectType: 'exchange_message', objectId: id, detail: { reason } }, manager);
    });
  }

  /** Requests close to their deadline (ours to answer) or past it (theirs): reminded once each. */
  async remindDeadlines(withinHours = 48): Promise<{ id: string; direction: string; country: string; deadline: Date }[]> {
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, affected].
      const [due] = (await manager.query(
        `UPDATE exchange_messages q SET reminded_at = now()
          WHERE q.type = 'request' AND q.reminded_at IS NULL AND q.deadline IS NOT NULL
            AND ((q.direction = 'in' AND q.deadline <= now() + make_interval(hours => $1::int)) OR (q.direction = 'out' AND q.deadline <= now()))
            AND NOT EXISTS (SELECT 1 FROM exchange_messages a WHERE a.type = 'response' AND a.direction <> q.direction AND a.in_reply_to = q.message_id)
        RETURNING q.id, q.direction, q.country, q.deadline`,
        [withinHours],
      )) as [{ id: string; direction: string; country: string; deadline: Date }[], number];
      for (const request of due) {
        await this.audit.record(systemActor('exchange.reminders'), { action: 'exchange.deadline_reminder', objectType: 'exchange_message', objectId: request.id, detail: { direction: request.direction, country: request.country, deadline: request.deadline } }, manager);
        this.logger.warn({ messageId: request.id, country: request.country, deadline: request.deadline }, request.direction === 'in' ? 'a partner request is due for an answer' : 'a partner has not answered our request by its deadline');
      }
      return due;
    });
  }

  /** Response times per country and direction, for the statistics the Egmont principles ask FIUs to keep. */
  async statistics() {
    return this.dataSource.query(
      `SELECT q.direction, q.country, count(a.id)::int AS answered,
              count(*) FILTER (WHERE a.id IS NULL)::int AS open,
              count(*) FILTER (WHERE a.id IS NULL AND q.deadline < now())::int AS overdue,
              round(avg(extract(epoch FROM coalesce(a.sent_at, a.received_at) - coalesce(q.received_at, q.sent_at)) / 3600)::numeric, 2)::float AS average_hours_to_answer
         FROM exchange_messages q
         LEFT JOIN exchange_messages a ON a.type = 'response' AND a.direction <> q.direction AND a.in_reply_to = q.message_id
        WHERE q.type = 'request' AND q.status IN ('sent', 'received')
        GROUP BY q.direction, q.country ORDER BY q.direction, q.country`,
    ) as Promise<Record<string, unknown>[]>;
  }

  private async create(
    draft: { country: unknown; type: MessageType; purpose: unknown; replyTo: string | null; body: Record<string, unknown>; items: PackageItems },
    actor: Actor,
  ) {
    const outcome = await this.dataSource.transaction(async (manager) => {
      let country = typeof draft.country === 'string' ? draft.country.toUpperCase() : '';
      let thread = newMessageId();
      if (draft.replyTo) {
        const replied = await this.received(draft.replyTo, manager);
        country = replied.country;
        thread = replied.thread_id;
      }
      if (!/^[A-Z]{2}$/.test(country)) throw invalid('country must be an ISO 3166-1 alpha-2 code');
      const purpose = draft.purpose === null || draft.purpose === undefined || draft.purpose === '' ? null : text(draft.purpose, 'purpose', 1000);
      const messageId = newMessageId();
      const [row] = (await manager.query(
        `INSERT INTO exchange_messages (message_id, direction, country, type, thread_id, in_reply_to, status, purpose, items, body, caveats, created_by)
         VALUES ($1, 'out', $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10) RETURNING *`,
        [messageId, country, draft.type, draft.type === 'request' ? messageId : thread, draft.replyTo, purpose, draft.items, draft.body, { originatingFiu: this.config.FIU_COUNTRY, purpose, onwardUseNeedsConsent: true }, actor.id],
      )) as OutboundRow[];
      // in_reply_to holds the replied message's envelope id, which is what the partner knows it by.
      if (draft.replyTo) await manager.query('UPDATE exchange_messages SET in_reply_to = (SELECT message_id FROM exchange_messages WHERE id = $2) WHERE id = $1', [row.id, draft.replyTo]);
      const trail: Trail = [['exchange.compose', row.id, { type: draft.type, country }]];
      const outcome = PROCEDURAL_TYPES.has(draft.type) ? await this.dispatch(manager, row, actor, trail) : { id: row.id, status: 'draft', decision: null, refusal: null };
      await this.writeTrail(manager, actor, trail);
      return outcome;
    });
    return this.settle(outcome);
  }

  /** Policy, third-party rule, package, outbox: one transaction. A refusal is recorded and committed, then reported. */
  private async dispatch(manager: EntityManager, row: OutboundRow, actor: Actor, trail: Trail) {
    const items = row.items as unknown as PackageItems;
    // Audited at the end: the audit log's chain lock is then held only for the last statements and the commit.
    const decision = await this.policies.decide({ country: row.country, type: row.type, purpose: row.purpose, categories: await categoriesOf(manager, items) }, actor, manager, { audit: false });
    let refusal: ExchangeException | null = null;
    if (!decision.allowed) refusal = new ExchangeException(ExchangeErrorCode.PolicyDenied, `Refused by policy: ${decision.reasons.join('; ')}`, { decision });
    else {
      try {
        await this.gate.assertAllowed(manager, items.receivedMessageIds ?? [], { kind: 'country', country: row.country });
      } catch (error) {
        if (!(error instanceof ExchangeException)) throw error;
        refusal = error;
      }
    }
    if (refusal) {
      await manager.query("UPDATE exchange_messages SET status = 'refused', policy_decision = $2, last_error = $3, updated_at = now() WHERE id = $1", [row.id, decision, refusal.message]);
      trail.push({ decision, purpose: row.purpose }, ['exchange.refused', row.id, { reason: refusal.message, decision }]);
      return { id: row.id, status: 'refused', decision, refusal };
    }
    const packaged = await buildPackage(manager, items, decision.send, decision.redaction);
    const body = { ...row.body, package: packaged };
    await manager.query(
      `UPDATE exchange_messages SET status = 'queued', body = $2, policy_decision = $3, updated_at = now(),
              deadline = CASE WHEN type = 'request' THEN now() + make_interval(days => $4::int) END WHERE id = $1`,
      [row.id, body, decision, decision.responseDeadlineDays ?? 30],
    );
    await this.outbox.add(manager, { queue: EXCHANGE_QUEUE, jobName: ExchangeJobName.DeliverMessage, payload: { messageId: row.id } });
    trail.push({ decision, purpose: row.purpose }, ['exchange.queue', row.id, { country: row.country, type: row.type, sent: decision.send, removed: decision.removed }]);
    return { id: row.id, status: 'queued', decision, refusal: null };
  }

  /**
   * Writes the transaction's audit entries last, in order: the audit log's chain lock is held from
   * the first entry to the commit, so writing them at the end keeps other transactions waiting least.
   */
  private async writeTrail(manager: EntityManager, actor: Actor, trail: Trail) {
    for (const entry of trail) {
      if (Array.isArray(entry)) await this.audited(manager, actor, entry[0], entry[1], entry[2]);
      else await this.policies.recordDecision(entry.decision, entry.purpose, actor, manager);
    }
  }

  private settle(outcome: { id: string; status: string; decision: unknown; refusal: ExchangeException | null }) {
    if (outcome.refusal) throw outcome.refusal;
    return { id: outcome.id, status: outcome.status, decision: outcome.decision };
  }

  private async received(id: string, manager: EntityManager = this.dataSource.manager) {
    if (!UUID.test(id)) throw new ExchangeException(ExchangeErrorCode.NotFound, `No received message ${id}`);
    const [row] = (await manager.query("SELECT id, message_id, country, type, thread_id, body FROM exchange_messages WHERE id = $1 AND direction = 'in'", [id])) as {
      id: string;
      message_id: string;
      country: string;
      type: string;
      thread_id: string;
      body: Record<string, unknown>;
    }[];
    if (!row) throw new ExchangeException(ExchangeErrorCode.NotFound, `No received message ${id}`);
    return row;
  }

  private async outbound(manager: EntityManager, id: string): Promise<OutboundRow> {
    if (!UUID.test(id)) throw new ExchangeException(ExchangeErrorCode.NotFound, `No message ${id}`);
    const [row] = (await manager.query("SELECT * FROM exchange_messages WHERE id = $1 AND direction = 'out' FOR UPDATE", [id])) as OutboundRow[];
    if (!row) throw new ExchangeException(ExchangeErrorCode.NotFound, `No outbound message ${id}`);
    return row;
  }

  private async refused(reason: string, message: string, sourceIp: string | null, claimedSender?: string) {
    await this.audit.record(partnerActor(claimedSender ?? 'unknown', sourceIp), { action: 'exchange.inbox_refused', objectType: 'exchange_message', detail: { reason, message } });
  }

  private async audited(manager: EntityManager, actor: Actor, action: string, id: string, detail: Record<string, unknown>) {
    await this.audit.record(actor, { action, objectType: 'exchange_message', objectId: id, detail }, manager);
  }
}

interface OutboundRow {
  id: string;
  message_id: string;
  country: string;
  type: string;
  status: string;
  purpose: string | null;
  items: Record<string, unknown>;
  body: Record<string, unknown>;
  created_by: string | null;
  approved_by: string | null;
}

/** Audit entries of one transaction, written at its end: [action, message id, detail], or a policy decision. */
type Trail = ([string, string, Record<string, unknown>] | { decision: PolicyDecision; purpose: string | null })[];

const emptyItems = (): PackageItems => ({ reportIds: [], subjectIds: [], receivedMessageIds: [], narrative: null });

export type { ExchangeMessage };

/** A partner FIU as the audit log names it: by the country its envelope claims. */
function partnerActor(country: string, sourceIp: string | null): Actor {
  return { type: 'partner', id: country, name: `FIU ${country}`, sourceIp };
}
