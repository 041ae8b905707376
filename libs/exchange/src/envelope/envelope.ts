import { randomUUID } from 'node:crypto';
import {
  compactDecrypt,
  CompactEncrypt,
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  importJWK,
  JWK,
  KeyLike,
} from 'jose';
import { CONTENT_ENCRYPTION, KEY_MANAGEMENT_ALGORITHM, KeyRing, SIGNING_ALGORITHM } from './keys';

/** What travels inside the envelope. */
export interface EnvelopePayload {
  /** Unique message id: the receiver keeps it to refuse replays and dedupe retries. */
  jti: string;
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  type: string;
  thread: string;
  inReplyTo: string | null;
  body: Record<string, unknown>;
}

export type EnvelopeRefusal =
  | 'malformed'
  | 'downgrade'
  | 'not_for_us'
  | 'tampered'
  | 'unknown_sender'
  | 'bad_signature'
  | 'wrong_recipient'
  | 'expired'
  | 'replay';

export class EnvelopeError extends Error {
  constructor(
    readonly reason: EnvelopeRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export const ENVELOPE_TTL_SECONDS = 24 * 3600;
// Values an unauthenticated sender chose are named in refusals, cut short.
const echo = (value: unknown) => {
  const text = String(value);
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
};
const CLOCK_SKEW_SECONDS = 120;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function newMessageId(): string {
  return randomUUID();
}

/** The partner's current encryption key from its JWKS: the one we encrypt to. */
export async function recipientKey(jwks: { keys: JWK[] }): Promise<{ kid: string; key: KeyLike | Uint8Array }> {
  const candidates = jwks.keys.filter((key) => key.use === 'enc' && key.crv === 'X25519');
  const chosen = candidates[candidates.length - 1];
  if (!chosen?.kid) throw new Error('The partner publishes no X25519 encryption key');
  return { kid: chosen.kid, key: await importJWK(chosen, KEY_MANAGEMENT_ALGORITHM) };
}

/** Signs (JWS, EdDSA) then encrypts to the recipient (JWE, ECDH-ES+A256KW with A256GCM). */
export async function seal(payload: EnvelopePayload, ours: KeyRing, recipient: { kid: string; key: KeyLike | Uint8Array }): Promise<string> {
  const signing = ours.signingKey();
  const jws = await new CompactSign(encoder.encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: signing.kid, typ: 'fiu-exchange+jws' })
    .sign(signing.key);
  return new CompactEncrypt(encoder.encode(jws))
    .setProtectedHeader({ alg: KEY_MANAGEMENT_ALGORITHM, enc: CONTENT_ENCRYPTION, kid: recipient.kid, cty: 'JWS' })
    .encrypt(recipient.key);
}

/**
 * Opens an envelope addressed to us and verifies it against the sender's registered keys. The
 * algorithm allowlists are explicit, so a message re-sent with weaker algorithms is refused as a
 * downgrade before any key is touched. Replays are the caller's check (it keeps the message ids).
 */
export async function open(
  envelope: string,
  ours: KeyRing,
  ourCountry: string,
  senderKeys: (country: string) => Promise<{ keys: JWK[] } | null>,
  now = new Date(),
): Promise<EnvelopePayload> {
  if (typeof envelope !== 'string' || envelope.length > 10 * 1024 * 1024 || envelope.split('.').length !== 5) {
    throw new EnvelopeError('malformed', 'An envelope is a compact JWE of five parts');
  }
  let outer: ReturnType<typeof decodeProtectedHeader>;
  try {
    outer = decodeProtectedHeader(envelope);
  } catch {
    throw new EnvelopeError('malformed', 'The envelope header cannot be read');
  }
  if (outer.alg !== KEY_MANAGEMENT_ALGORITHM || outer.enc !== CONTENT_ENCRYPTION) {
    throw new EnvelopeError('downgrade', `Only ${KEY_MANAGEMENT_ALGORITHM} with ${CONTENT_ENCRYPTION} is accepted, not ${echo(outer.alg)}/${echo(outer.enc)}`);
  }
  const key = ours.decryptionKey(outer.kid, now);
  if (!key) throw new EnvelopeError('not_for_us', `The envelope is encrypted to key ${echo(outer.kid)}, which is not one of ours`);
  let jws: string;
  try {
    const { plaintext } = await compactDecrypt(envelope, key, { keyManagementAlgorithms: [KEY_MANAGEMENT_ALGORITHM], contentEncryptionAlgorithms: [CONTENT_ENCRYPTION] });
    jws = decoder.decode(plaintext);
  } catch {
    throw new EnvelopeError('tampered', 'The envelope does not decrypt: it was altered or damaged');
  }
  let claimed: EnvelopePayload;
  let inner: ReturnType<typeof decodeProtectedHeader>;
  try {
    inner = decodeProtectedHeader(jws);
    claimed = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8')) as EnvelopePayload;
  } catch {
    throw new EnvelopeError('malformed', 'The signed message inside cannot be read');
  }
  if (inner.alg !== SIGNING_ALGORITHM) throw new EnvelopeError('downgrade', `Only ${SIGNING_ALGORITHM} signatures are accepted, not ${echo(inner.alg)}`);
  const jwks = typeof claimed.iss === 'string' ? await senderKeys(claimed.iss) : null;
  if (!jwks) throw new EnvelopeError('unknown_sender', `No active partner FIU with confirmed keys is registered for ${echo(claimed.iss)}`);
  let payload: EnvelopePayload;
  try {
    const { payload: verified } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: [SIGNING_ALGORITHM] });
    payload = JSON.parse(decoder.decode(verified)) as EnvelopePayload;
  } catch {
    throw new EnvelopeError('bad_signature', `The signature does not verify against the keys registered for ${echo(claimed.iss)}`);
  }
  if (payload.aud !== ourCountry) throw new EnvelopeError('wrong_recipient', `The message is addressed to ${echo(payload.aud)}, not to ${ourCountry}`);
  const seconds = Math.floor(now.getTime() / 1000);
  if (typeof payload.exp !== 'number' || payload.exp < seconds) throw new EnvelopeError('expired', 'The message has expired');
  if (typeof payload.iat !== 'number' || payload.iat > seconds + CLOCK_SKEW_SECONDS) throw new EnvelopeError('expired', 'The message claims to be issued in the future');
  if (typeof payload.jti !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.jti)) throw new EnvelopeError('malformed', 'The message id (jti) must be a UUID');
  return payload;
}
