import { Injectable } from '@nestjs/common';
import type { Actor } from '@fiu/core';
import { DataSource } from 'typeorm';
import type { JWK } from 'jose';
import { AuditService } from '@fiu/audit';
import { checkPublicJwks } from './envelope/keys';
import { ExchangeErrorCode, ExchangeException } from './exchange.errors';
import { Partner } from './exchange.entities';

export interface NewPartner {
  country: string;
  name: string;
  endpointUrl: string;
  jwks?: unknown;
  jwksUrl?: string;
  egmontMember?: boolean;
  mouRequired?: boolean;
  mouSigned?: boolean;
}

export interface PartnerView {
  country: string;
  name: string;
  endpointUrl: string;
  jwksUrl: string | null;
  keyIds: string[];
  status: 'active' | 'suspended';
  egmontMember: boolean;
  mouRequired: boolean;
  mouSigned: boolean;
}

const invalid = (message: string) => new ExchangeException(ExchangeErrorCode.InvalidInput, message);

/** The registry of partner FIUs. */
@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async add(input: NewPartner, actor: Actor): Promise<PartnerView> {
    const country = String(input.country ?? '').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw invalid('country must be an ISO 3166-1 alpha-2 code');
    if (!input.name?.trim()) throw invalid('name is required');
    let endpoint: URL;
    try {
      endpoint = new URL(input.endpointUrl);
    } catch {
      throw invalid('endpointUrl must be a URL');
    }
    if (!['https:', 'http:'].includes(endpoint.protocol)) throw invalid('endpointUrl must be http(s)');
    let jwks: unknown = input.jwks;
    if (!jwks && input.jwksUrl) jwks = await this.fetchJwks(input.jwksUrl);
    if (!jwks) throw invalid('the partner\'s public keys are required: a JWKS file or URL');
    let checked: { keys: JWK[] };
    try {
      checked = checkPublicJwks(jwks);
    } catch (error) {
      throw invalid((error as Error).message);
    }
    return this.dataSource.transaction(async (manager) => {
      if (await manager.findOneBy(Partner, { country })) throw new ExchangeException(ExchangeErrorCode.PartnerExists, `A partner FIU for ${country} is already registered`);
      const saved = await manager.save(
        manager.create(Partner, {
          country,
          name: input.name.trim(),
          endpointUrl: endpoint.toString().replace(/\/$/, ''),
          jwks: checked as never,
          jwksUrl: input.jwksUrl ?? null,
          egmontMember: input.egmontMember ?? false,
          mouRequired: input.mouRequired ?? false,
          mouSigned: input.mouSigned ?? false,
        }),
      );
      await this.audit.record(actor, { action: 'partner.add', objectType: 'partner', objectId: country, detail: { name: saved.name, endpoint: saved.endpointUrl, keys: checked.keys.map((key) => key.kid) } }, manager);
      return toView(saved);
    });
  }

  async update(country: string, change: { status?: 'active' | 'suspended'; mouSigned?: boolean; jwks?: unknown; refreshKeys?: boolean }, actor: Actor): Promise<PartnerView> {
    return this.dataSource.transaction(async (manager) => {
      const partner = await manager.findOne(Partner, { where: { country: country.toUpperCase() }, lock: { mode: 'pessimistic_write' } });
      if (!partner) throw new ExchangeException(ExchangeErrorCode.NotFound, `No partner FIU for ${country}`);
      if (change.status) partner.status = change.status;
      if (change.mouSigned !== undefined) partner.mouSigned = change.mouSigned;
      const jwks = change.jwks ?? (change.refreshKeys && partner.jwksUrl ? await this.fetchJwks(partner.jwksUrl) : undefined);
      if (jwks) partner.jwks = checkPublicJwks(jwks) as never;
      const saved = await manager.save(partner);
      await this.audit.record(actor, { action: 'partner.update', objectType: 'partner', objectId: partner.country, detail: { ...change, jwks: jwks ? 'replaced' : undefined } }, manager);
      return toView(saved);
    });
  }

  async list(): Promise<PartnerView[]> {
    return (await this.dataSource.manager.find(Partner, { order: { country: 'ASC' } })).map(toView);
  }

  async find(country: string): Promise<PartnerView | null> {
    const partner = await this.dataSource.manager.findOneBy(Partner, { country: String(country).toUpperCase().slice(0, 2) });
    return partner ? toView(partner) : null;
  }

  /** Keys to verify a sender with: only an active partner's. */
  async activeJwks(country: string): Promise<{ keys: JWK[] } | null> {
    if (!/^[A-Z]{2}$/.test(country)) return null;
    const partner = await this.dataSource.manager.findOneBy(Partner, { country, status: 'active' });
    return partner ? (partner.jwks as unknown as { keys: JWK[] }) : null;
  }

  async jwksOf(country: string): Promise<{ keys: JWK[] } | null> {
    const partner = await this.dataSource.manager.findOneBy(Partner, { country });
    return partner ? (partner.jwks as unknown as { keys: JWK[] }) : null;
  }

  private async fetchJwks(url: string): Promise<unknown> {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch((error: unknown) => {
      throw invalid(`the partner's JWKS could not be fetched from ${url}: ${(error as Error).message}`);
    });
    if (!response.ok) throw invalid(`the partner's JWKS URL answered ${response.status}`);
    return response.json();
  }
}

function toView(partner: Partner): PartnerView {
  const keys = ((partner.jwks as { keys?: { kid?: string }[] }).keys ?? []).map((key) => key.kid ?? '?');
  return {
    country: partner.country,
    name: partner.name,
    endpointUrl: partner.endpointUrl,
    jwksUrl: partner.jwksUrl,
    keyIds: keys,
    status: partner.status,
    egmontMember: partner.egmontMember,
    mouRequired: partner.mouRequired,
    mouSigned: partner.mouSigned,
  };
}
