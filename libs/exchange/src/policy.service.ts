import { Injectable } from '@nestjs/common';
import type { Actor } from '@fiu/core';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { ExchangeErrorCode, ExchangeException } from './exchange.errors';
import { ExchangePolicyRow, Partner } from './exchange.entities';
import { PolicyResponse } from './dto/policy.response';
import { CountryPolicy, DATA_CATEGORIES, DataCategory, decide, MESSAGE_TYPES, MessageType, PolicyDecision, validatePolicy } from './policy-engine';

/** Per-country policies as versioned data, and the audited decisions made with them. */
@Injectable()
export class PolicyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Records a new version of a country's policy; earlier versions stay for the record. */
  async set(countryInput: string, input: object, actor: Actor): Promise<PolicyResponse> {
    const country = String(countryInput ?? '').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw new ExchangeException(ExchangeErrorCode.InvalidInput, 'country must be an ISO 3166-1 alpha-2 code');
    let policy: Omit<CountryPolicy, 'version'>;
    try {
      policy = validatePolicy({ ...(input ?? {}) } as Record<string, unknown>, country);
    } catch (error) {
      throw new ExchangeException(ExchangeErrorCode.InvalidInput, (error as Error).message);
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`policy:${country}`]);
      const [{ next }] = (await manager.query('SELECT coalesce(max(version), 0) + 1 AS next FROM exchange_policies WHERE country = $1', [country])) as { next: number }[];
      await manager.insert(ExchangePolicyRow, { country, version: next, policy: policy as never, setBy: actor.name ?? actor.id });
      await this.audit.record(actor, { action: 'policy.set', objectType: 'exchange_policy', objectId: country, detail: { version: next, policy } }, manager);
      return PolicyResponse.from({ ...policy, version: next });
    });
  }

  /** The policy in force, for the console; none is a 404 (exchange with that country is denied). */
  async inForce(country: string): Promise<PolicyResponse> {
    const policy = await this.current(country.toUpperCase());
    if (!policy) throw new ExchangeException(ExchangeErrorCode.NotFound, `No exchange policy is set for ${country.toUpperCase()}: exchange is denied`);
    return PolicyResponse.from(policy);
  }

  async current(country: string, manager: EntityManager = this.dataSource.manager): Promise<CountryPolicy | null> {
    const row = await manager.findOne(ExchangePolicyRow, { where: { country }, order: { version: 'DESC' } });
    return row ? { ...(row.policy as unknown as Omit<CountryPolicy, 'version'>), country, version: row.version } : null;
  }

  /** Decides for a proposed message, and writes the decision with its reasons to the audit log. */
  async decide(
    proposal: { country: string; type: string; purpose?: string | null; categories: string[] },
    actor: Actor,
    manager: EntityManager = this.dataSource.manager,
    options: { audit: boolean } = { audit: true },
  ): Promise<PolicyDecision> {
    const country = String(proposal.country ?? '').toUpperCase();
    if (!MESSAGE_TYPES.includes(proposal.type as MessageType)) throw new ExchangeException(ExchangeErrorCode.InvalidInput, `type must be one of ${MESSAGE_TYPES.join(', ')}`);
    const unknown = (proposal.categories ?? []).filter((category) => !DATA_CATEGORIES.includes(category as DataCategory));
    if (unknown.length) throw new ExchangeException(ExchangeErrorCode.InvalidInput, `unknown data categories: ${unknown.join(', ')} (known: ${DATA_CATEGORIES.join(', ')})`);
    const partner = await manager.findOneBy(Partner, { country });
    const decision = decide(await this.current(country, manager), partner ? { country, status: partner.status, mouSigned: partner.mouSigned } : null, {
      country,
      type: proposal.type as MessageType,
      purpose: proposal.purpose,
      categories: proposal.categories as DataCategory[],
    });
    if (options.audit) await this.recordDecision(decision, proposal.purpose ?? null, actor, manager);
    return decision;
  }

  /** Writes a decision with its reasons to the audit log (callers in a longer transaction do it last: the log's lock is held until commit). */
  async recordDecision(decision: PolicyDecision, purpose: string | null, actor: Actor, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await this.audit.record(actor, { action: decision.allowed ? 'policy.allow' : 'policy.deny', objectType: 'exchange_policy', objectId: decision.country, purpose, detail: { decision } }, manager);
  }
}
