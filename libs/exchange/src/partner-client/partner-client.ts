import { Injectable } from '@nestjs/common';
import { EnvironmentVariables } from '@fiu/core';
import { OutboundError, OutboundRules, safeRequest } from './safe-http';

/** Where and how a partner is reached. */
export interface PartnerAddress {
  country: string;
  endpointUrl: string;
  allowPrivateNetwork: boolean;
}

/** What became of one delivery attempt; `summary` is ours to store and show (bounded, sanitised). */
export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'refused'; summary: string }
  | { kind: 'retry'; summary: string };

/** A partner's words as we keep them: printable characters only, one line, at most 200 characters. */
export function sanitisePartnerText(text: unknown, max = 200): string {
  if (typeof text !== 'string') return '';
  const printable = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\p{P}\p{Zs}\p{Sm}\p{Sc}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}

/** The summary of a partner's answer that we store: status, its reason code when it is one, and a bounded, sanitised excerpt. */
export function summariseAnswer(status: number, body: Buffer): { summary: string; reason: string | null } {
  let parsed: { reason?: unknown; message?: unknown } = {};
  try {
    parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
  } catch {
    // Not JSON: only the status is kept.
  }
  const reason = typeof parsed?.reason === 'string' && /^[a-z_]{1,40}$/.test(parsed.reason) ? parsed.reason : null;
  const message = sanitisePartnerText(parsed?.message);
  return { reason, summary: `partner answered ${status}${reason ? ` (${reason})` : ''}${message ? `: ${message}` : ''}` };
}

/**
 * Every call this node makes to a partner FIU: delivery to its inbox and the fetch of its JWKS.
 * https only in production, no redirects, a size cap and a deadline, and loopback or private
 * addresses only for a partner explicitly allowed on them.
 */
@Injectable()
export class PartnerClient {
  constructor(private readonly config: EnvironmentVariables) {}

  rules(allowPrivateNetwork: boolean): OutboundRules {
    return {
      httpsOnly: this.config.NODE_ENV === 'production',
      allowPrivateNetwork,
      timeoutMs: this.config.EXCHANGE_OUTBOUND_TIMEOUT_MS,
      maxResponseBytes: this.config.EXCHANGE_OUTBOUND_MAX_BYTES,
    };
  }

  /** POSTs one envelope. A replay answer means an earlier attempt arrived and only its answer was lost: delivered. */
  async deliver(partner: PartnerAddress, envelope: string): Promise<DeliveryOutcome> {
    let status: number;
    let body: Buffer;
    try {
      ({ status, body } = await safeRequest(`${partner.endpointUrl}/v1/inbox`, { method: 'POST', headers: { 'content-type': 'application/jose' }, body: envelope }, this.rules(partner.allowPrivateNetwork)));
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      // Refused by our own rules: trying again changes nothing.
      if (['bad_url', 'insecure_url', 'private_address', 'redirect'].includes(error.problem)) return { kind: 'refused', summary: `not sent: ${error.message}` };
      return { kind: 'retry', summary: `partner unreachable: ${error.message}` };
    }
    const { summary, reason } = summariseAnswer(status, body);
    if (status === 202 || (status === 409 && reason === 'replay')) return { kind: 'delivered' };
    if (status >= 400 && status < 500 && status !== 429) return { kind: 'refused', summary };
    return { kind: 'retry', summary };
  }

  /** Fetches a partner's published keys (JSON); problems come back in our own words. */
  async fetchJwks(url: string, allowPrivateNetwork: boolean): Promise<unknown> {
    const { status, body } = await safeRequest(url, { method: 'GET' }, this.rules(allowPrivateNetwork));
    if (status !== 200) throw new OutboundError('unreachable', `the JWKS URL answered ${status}`);
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new OutboundError('unreachable', 'the JWKS URL did not answer JSON');
    }
  }
}
