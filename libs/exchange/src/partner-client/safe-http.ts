import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { Agent as HttpAgent, IncomingMessage, request as httpRequest, RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { isNonPublicAddress } from './address-guard';

export type OutboundProblem = 'bad_url' | 'insecure_url' | 'private_address' | 'redirect' | 'too_large' | 'timeout' | 'unreachable';

/** An outbound call refused or failed; `message` holds no text the remote side chose. */
export class OutboundError extends Error {
  constructor(
    readonly problem: OutboundProblem,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundRules {
  /** https only (production). */
  httpsOnly: boolean;
  /** The partner is explicitly allowed on loopback and private ranges (tests, demo, a private FIU network). */
  allowPrivateNetwork: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface OutboundAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

// Connections are kept alive between deliveries; the guarded lookup runs for every new connection.
// Partners allowed on private networks get their own pools, so no socket crosses from one rule to the other.
const agents = {
  public: { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) },
  private: { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) },
};

/** Checks a URL against the rules before anything is sent: scheme, no credentials, and a literal address's range. */
export function checkOutboundUrl(raw: string, rules: Pick<OutboundRules, 'httpsOnly' | 'allowPrivateNetwork'>): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('bad_url', 'not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundError('bad_url', 'only http(s) URLs are used');
  if (rules.httpsOnly && url.protocol !== 'https:') throw new OutboundError('insecure_url', 'https is required in production');
  if (url.username || url.password) throw new OutboundError('bad_url', 'a URL with credentials is refused');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !rules.allowPrivateNetwork && isNonPublicAddress(host)) {
    throw new OutboundError('private_address', 'the address is loopback or private, and this partner is not allowed on private networks');
  }
  return url;
}

/** Resolves names as usual, then refuses every answer when any address is loopback or private (so DNS cannot point us inward). */
function guardedLookup(allowPrivateNetwork: boolean): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      if (!allowPrivateNetwork && addresses.some((entry) => isNonPublicAddress(entry.address))) {
        return callback(new OutboundError('private_address', 'the host resolves to a loopback or private address, and this partner is not allowed on private networks'));
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  }) as unknown as LookupFunction;
}

/**
 * One outbound HTTP call under the rules: no redirects followed (a 3xx is an error), the answer
 * cut off past maxResponseBytes, one deadline for the whole exchange, and loopback or private
 * addresses refused unless allowed, checked on the address actually connected to.
 */
export async function safeRequest(raw: string, init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }, rules: OutboundRules): Promise<OutboundAnswer> {
  const url = checkOutboundUrl(raw, rules);
  const secure = url.protocol === 'https:';
  const options: RequestOptions = {
    method: init.method,
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    headers: { accept: 'application/json', ...(init.headers ?? {}), ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) },
    agent: agents[rules.allowPrivateNetwork ? 'private' : 'public'][secure ? 'https' : 'http'],
    lookup: guardedLookup(rules.allowPrivateNetwork),
  };
  return new Promise<OutboundAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, answer?: OutboundAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(answer!);
    };
    const request = (secure ? httpsRequest : httpRequest)(options, (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        response.destroy();
        return finish(new OutboundError('redirect', `answered ${status} with a redirect, which is not followed`));
      }
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > rules.maxResponseBytes) {
        response.destroy();
        return finish(new OutboundError('too_large', `the answer exceeds ${rules.maxResponseBytes} bytes`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > rules.maxResponseBytes) {
          response.destroy();
          finish(new OutboundError('too_large', `the answer exceeds ${rules.maxResponseBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => finish(null, { status, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      response.on('error', (error) => finish(networkError(error)));
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish(new OutboundError('timeout', `no complete answer within ${rules.timeoutMs} ms`));
    }, rules.timeoutMs);
    request.on('error', (error) => finish(networkError(error)));
    request.end(init.body);
  });
}

/** A network failure in our own words: an error code at most, never the text of the error. */
function networkError(error: Error): OutboundError {
  if (error instanceof OutboundError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'name resolution failed',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    EPROTO: 'TLS handshake failed',
  };
  if (code && known[code]) return new OutboundError('unreachable', known[code]);
  if (code && /^[A-Z0-9_]{2,40}$/.test(code)) return new OutboundError('unreachable', `network error ${code}`);
  return new OutboundError('unreachable', 'network error');
}
