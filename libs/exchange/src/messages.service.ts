import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@fiu/audit';
import type { Actor } from '@fiu/core';
import { ExchangeErrorCode, ExchangeException } from './exchange.errors';
import type { ExplainDto, ListMessagesQuery } from './dto/message.dto';
import { MessageResponse, MessageSummaryResponse, StatisticsRowResponse } from './dto/message.response';
import { ExplainResponse, PolicyDecisionResponse } from './dto/policy.response';
import { UUID } from './outbound/outbound-messages';
import { ReleaseCheck } from './outbound/release-check';
import { categoriesOf, PackageItems } from './package-builder';
import { PolicyService } from './policy.service';

/**
 * Reading messages with partner FIUs (lists, one message, statistics), the explain route, and what
 * analysis reads and writes of received ones. Changes go through the use cases in usecases/.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly policies: PolicyService,
    private readonly releaseCheck: ReleaseCheck,
  ) {}

  /** What would go to a country, what would be removed, and why: the release check on a proposed package (audited). */
  async explain(input: ExplainDto, actor: Actor): Promise<ExplainResponse> {
    const items: PackageItems = {
      reportIds: input.reportIds ?? [],
      subjectIds: input.subjectIds ?? [],
      receivedMessageIds: input.receivedMessageIds ?? [],
      narrative: input.narrative?.trim() || null,
    };
    if (!input.country) throw new ExchangeException(ExchangeErrorCode.InvalidInput, 'country is required (ISO 3166-1 alpha-2)');
    const country = input.country.toUpperCase();
    return this.dataSource.transaction(async (manager) => {
      const categories = input.categories ?? (await categoriesOf(manager, items));
      const { decision, refusal } = await this.releaseCheck.check(manager, { country, type: input.type, purpose: input.purpose ?? null, categories, receivedMessageIds: items.receivedMessageIds }, actor);
      await this.policies.recordDecision(decision, input.purpose ?? null, actor, manager);
      const consentRefused = refusal?.code === ExchangeErrorCode.ConsentRequired || refusal?.code === ExchangeErrorCode.NotFound;
      return {
        ...PolicyDecisionResponse.from(decision),
        allowed: refusal === null,
        thirdPartyRule: { allowed: !consentRefused, reason: consentRefused ? refusal.message : null },
        proposedCategories: categories,
      };
    });
  }

  async list(filter: ListMessagesQuery, actor: Actor): Promise<MessageSummaryResponse[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, message_id, direction, country, type, thread_id, in_reply_to, status, purpose, deadline, attempts, last_error, sent_at, received_at, created_at
         FROM exchange_messages
        WHERE ($1::text IS NULL OR direction = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR country = $3)
        ORDER BY created_at DESC LIMIT 200`,
      [filter.direction ?? null, filter.status ?? null, filter.country?.toUpperCase() ?? null],
    )) as Record<string, unknown>[];
    await this.audit.record(actor, { action: 'exchange.list', objectType: 'exchange_message', detail: { ...filter } });
    return rows.map((row) => MessageSummaryResponse.from(row));
  }

  async get(id: string, actor: Actor): Promise<MessageResponse> {
    if (!UUID.test(id)) throw new ExchangeException(ExchangeErrorCode.NotFound, `No message ${id}`);
    const [row] = (await this.dataSource.query('SELECT * FROM exchange_messages WHERE id = $1', [id])) as Record<string, unknown>[];
    if (!row) throw new ExchangeException(ExchangeErrorCode.NotFound, `No message ${id}`);
    await this.audit.record(actor, { action: 'exchange.read', objectType: 'exchange_message', objectId: id });
    return MessageResponse.from(row);
  }

  /** Response times per country and direction, for the statistics the Egmont principles ask FIUs to keep. */
  async statistics(): Promise<StatisticsRowResponse[]> {
    const rows = (await this.dataSource.query(
      `SELECT q.direction, q.country, count(a.id)::int AS answered,
              count(*) FILTER (WHERE a.id IS NULL)::int AS open,
              count(*) FILTER (WHERE a.id IS NULL AND q.deadline < now())::int AS overdue,
              round(avg(extract(epoch FROM coalesce(a.sent_at, a.received_at) - coalesce(q.received_at, q.sent_at)) / 3600)::numeric, 2)::float AS average_hours_to_answer
         FROM exchange_messages q
         LEFT JOIN exchange_messages a ON a.type = 'response' AND a.direction <> q.direction AND a.in_reply_to = q.message_id
        WHERE q.type = 'request' AND q.status IN ('sent', 'received')
        GROUP BY q.direction, q.country ORDER BY q.direction, q.country`,
    )) as { direction: 'in' | 'out'; country: string; answered: number; open: number; overdue: number; average_hours_to_answer: number | null }[];
    return rows.map((row) => ({ direction: row.direction, country: row.country, answered: row.answered, open: row.open, overdue: row.overdue, averageHoursToAnswer: row.average_hours_to_answer }));
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
}
