import { Injectable } from '@nestjs/common';
import { EnvironmentVariables, type Actor } from '@fiu/core';
import { DataSource, EntityManager } from 'typeorm';
import type { JWK } from 'jose';
import { AuditService } from '@fiu/audit';
import { checkPublicJwks, jwksThumbprint, keyThumbprints } from './envelope/keys';
import { ExchangeErrorCode, ExchangeException } from './exchange.errors';
import { Partner } from './exchange.entities';
import { PartnerResponse } from './dto/partner.response';
import { PartnerClient } from './partner-client/partner-client';
import { checkOutboundUrl, OutboundError } from './partner-client/safe-http';

export interface NewPartner {
  country: string;
  name: string;
  endpointUrl: string;
  /** Public keys given by the administrator: trusted as given. */
  jwks?: unknown;
  /** Or where to fetch them: trusted once their thumbprint is confirmed (now, with jwksThumbprint, or later). */
  jwksUrl?: string;
  jwksThumbprint?: string;
  egmontMember?: boolean;
  mouRequired?: boolean;
  mouSigned?: boolean;
  allowPrivateNetwork?: boolean;
}

export interface PartnerChange {
  status?: 'active' | 'suspended';
  mouSigned?: boolean;
  allowPrivateNetwork?: boolean;
  refreshKeys?: boolean;
}

const invalid = (message: string) => new ExchangeException(ExchangeErrorCode.InvalidInput, message);
const EMPTY_JWKS = { keys: [] as JWK[] };

/**
 * The registry of partner FIUs. A key set fetched from a partner's URL is never trusted on
 * arrival: it waits, with its thumbprint, until an administrator confirms that thumbprint against
 * what the partner announced; a changed set at a refresh waits the same way while the old one
 * stays in use.
 */
@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly client: PartnerClient,
    private readonly config: EnvironmentVariables,
  ) {}

  async add(input: NewPartner, actor: Actor): Promise<PartnerResponse> {
    const country = String(input.country ?? '').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw invalid('country must be an ISO 3166-1 alpha-2 code');
    if (!input.name?.trim()) throw invalid('name is required');
    const allowPrivateNetwork = input.allowPrivateNetwork ?? false;
    const endpointUrl = this.checkUrl(input.endpointUrl, 'endpointUrl', allowPrivateNetwork).toString().replace(/\/$/, '');
    if (!!input.jwks === !!input.jwksUrl) throw invalid('the partner\'s public keys are required: a JWKS or a JWKS URL (one of them)');
    if (input.jwksThumbprint && !input.jwksUrl) throw invalid('jwksThumbprint confirms keys fetched from jwksUrl');
    let trusted = EMPTY_JWKS;
    let pending: { keys: JWK[] } | null = null;
    let jwksUrl: string | null = null;
    if (input.jwks) trusted = this.checkJwks(input.jwks);
    else {
      jwksUrl = this.checkUrl(input.jwksUrl!, 'jwksUrl', allowPrivateNetwork).toString();
      const fetched = await this.fetchJwks(jwksUrl, allowPrivateNetwork);
      if (input.jwksThumbprint) {
        const thumbprint = await jwksThumbprint(fetched);
        if (thumbprint !== input.jwksThumbprint) throw mismatch(country, thumbprint, input.jwksThumbprint);
        trusted = fetched;
      } else pending = fetched;
    }
    return this.dataSource.transaction(async (manager) => {
      if (await manager.findOneBy(Partner, { country })) throw new ExchangeException(ExchangeErrorCode.PartnerExists, `A partner FIU for ${country} is already registered`);
      const saved = await manager.save(
        manager.create(Partner, {
          country,
          name: input.name.trim(),
          endpointUrl,
          jwks: trusted as never,
          jwksUrl,
          pendingJwks: pending as never,
          pendingJwksThumbprint: pending ? await jwksThumbprint(pending) : null,
          pendingJwksFetchedAt: pending ? new Date() : null,
          egmontMember: input.egmontMember ?? false,
          mouRequired: input.mouRequired ?? false,
          mouSigned: input.mouSigned ?? false,
          allowPrivateNetwork,
        }),
      );
      const view = await toView(saved);
      await this.audit.record(
        actor,
        {
          action: 'partner.add',
          objectType: 'partner',
          objectId: country,
          detail: { name: saved.name, endpoint: saved.endpointUrl, allowPrivateNetwork, keys: view.keyIds, keysThumbprint: view.keysThumbprint, pendingThumbprint: view.pendingKeys?.thumbprint ?? null },
        },
        manager,
      );
      return view;
    });
  }

  async update(country: string, change: PartnerChange, actor: Actor): Promise<PartnerResponse> {
    const code = country.toUpperCase();
    // Fetched before the transaction: no row lock is held across a call to another FIU.
    const current = await this.dataSource.manager.findOneBy(Partner, { country: code });
    if (!current) throw new ExchangeException(ExchangeErrorCode.NotFound, `No partner FIU for ${country}`);
    let fetched: { keys: JWK[] } | null = null;
    if (change.refreshKeys) {
      if (!current.jwksUrl) throw invalid(`partner FIU ${code} was registered with keys, not a JWKS URL: nothing to refresh`);
      fetched = await this.fetchJwks(current.jwksUrl, change.allowPrivateNetwork ?? current.allowPrivateNetwork);
    }
    return this.dataSource.transaction(async (manager) => {
      const partner = await this.locked(manager, code);
      const detail: Record<string, unknown> = {};
      if (change.status) partner.status = detail.status = change.status;
      if (change.mouSigned !== undefined) partner.mouSigned = detail.mouSigned = change.mouSigned;
      if (change.allowPrivateNetwork !== undefined) partner.allowPrivateNetwork = detail.allowPrivateNetwork = change.allowPrivateNetwork;
      if (fetched) {
        const thumbprint = await jwksThumbprint(fetched);
        if (thumbprint === (await thumbprintOf(partner.jwks))) {
          // Unchanged: nothing to confirm.
          Object.assign(partner, { pendingJwks: null, pendingJwksThumbprint: null, pendingJwksFetchedAt: null });
          detail.keys = 'unchanged';
        } else {
          Object.assign(partner, { pendingJwks: fetched, pendingJwksThumbprint: thumbprint, pendingJwksFetchedAt: new Date() });
          detail.keys = 'changed: awaiting confirmation';
          detail.pendingThumbprint = thumbprint;
        }
      }
      const saved = await manager.save(partner);
      await this.audit.record(actor, { action: 'partner.update', objectType: 'partner', objectId: partner.country, detail }, manager);
      return toView(saved);
    });
  }

  /** An administrator confirms the pending key set by its thumbprint (compared with the partner's announcement): it becomes the trusted set. */
  async confirmKeys(country: string, thumbprint: string, actor: Actor): Promise<PartnerResponse> {
    return this.dataSource.transaction(async (manager) => {
      const partner = await this.locked(manager, country.toUpperCase());
      if (!partner.pendingJwks || !partner.pendingJwksThumbprint) throw new ExchangeException(ExchangeErrorCode.InvalidTransition, `No key set of partner FIU ${partner.country} waits for confirmation`);
      if (partner.pendingJwksThumbprint !== thumbprint) throw mismatch(partner.country, partner.pendingJwksThumbprint, thumbprint);
      const previous = await thumbprintOf(partner.jwks);
      Object.assign(partner, { jwks: partner.pendingJwks, pendingJwks: null, pendingJwksThumbprint: null, pendingJwksFetchedAt: null });
      const saved = await manager.save(partner);
      const view = await toView(saved);
      await this.audit.record(actor, { action: 'partner.keys_confirmed', objectType: 'partner', objectId: partner.country, detail: { thumbprint, previousThumbprint: previous, keys: view.keyIds } }, manager);
      return view;
    });
  }

  async list(): Promise<PartnerResponse[]> {
    return Promise.all((await this.dataSource.manager.find(Partner, { order: { country: 'ASC' } })).map(toView));
  }

  /** Trusted keys to verify a sender with: only an active partner's, and only once confirmed. */
  async activeJwks(country: string): Promise<{ keys: JWK[] } | null> {
    if (!/^[A-Z]{2}$/.test(country)) return null;
    const partner = await this.dataSource.manager.findOneBy(Partner, { country, status: 'active' });
    const jwks = partner?.jwks as unknown as { keys: JWK[] } | undefined;
    return jwks?.keys?.length ? jwks : null;
  }

  private async locked(manager: EntityManager, country: string): Promise<Partner> {
    const partner = await manager.findOne(Partner, { where: { country }, lock: { mode: 'pessimistic_write' } });
    if (!partner) throw new ExchangeException(ExchangeErrorCode.NotFound, `No partner FIU for ${country}`);
    return partner;
  }

  private checkUrl(raw: string, name: string, allowPrivateNetwork: boolean): URL {
    try {
      return checkOutboundUrl(raw, { httpsOnly: this.config.NODE_ENV === 'production', allowPrivateNetwork });
    } catch (error) {
      if (error instanceof OutboundError) throw invalid(`${name}: ${error.message}`);
      throw error;
    }
  }

  private checkJwks(jwks: unknown): { keys: JWK[] } {
    try {
      return checkPublicJwks(jwks);
    } catch (error) {
      throw invalid((error as Error).message);
    }
  }

  private async fetchJwks(url: string, allowPrivateNetwork: boolean): Promise<{ keys: JWK[] }> {
    let fetched: unknown;
    try {
      fetched = await this.client.fetchJwks(url, allowPrivateNetwork);
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      if (['bad_url', 'insecure_url', 'private_address'].includes(error.problem)) throw invalid(`jwksUrl: ${error.message}`);
      throw new ExchangeException(ExchangeErrorCode.PartnerUnreachable, `The partner's JWKS could not be fetched: ${error.message}`);
    }
    return this.checkJwks(fetched);
  }
}

function mismatch(country: string, actual: string, expected: string): ExchangeException {
  return new ExchangeException(
    ExchangeErrorCode.ThumbprintMismatch,
    `The key set of partner FIU ${country} has thumbprint ${actual}, not ${expected}: compare with the partner through another channel before trusting it`,
    { actual, expected },
  );
}

async function thumbprintOf(jwks: Record<string, unknown> | null): Promise<string | null> {
  const keys = (jwks as { keys?: JWK[] } | null)?.keys;
  return keys?.length ? jwksThumbprint({ keys }) : null;
}

async function toView(partner: Partner): Promise<PartnerResponse> {
  const trusted = ((partner.jwks as { keys?: JWK[] }).keys ?? []) as JWK[];
  const pending = (partner.pendingJwks as { keys?: JWK[] } | null)?.keys ?? null;
  return {
    country: partner.country,
    name: partner.name,
    endpointUrl: partner.endpointUrl,
    jwksUrl: partner.jwksUrl,
    keyIds: trusted.map((key) => key.kid ?? '?'),
    keysThumbprint: await thumbprintOf(partner.jwks),
    pendingKeys:
      pending && partner.pendingJwksThumbprint
        ? { thumbprint: partner.pendingJwksThumbprint, keys: await keyThumbprints({ keys: pending }), fetchedAt: (partner.pendingJwksFetchedAt ?? new Date()).toISOString() }
        : null,
    status: partner.status,
    egmontMember: partner.egmontMember,
    mouRequired: partner.mouRequired,
    mouSigned: partner.mouSigned,
    allowPrivateNetwork: partner.allowPrivateNetwork,
  };
}
