import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, JWK, KeyLike } from 'jose';

/** One of our key pairs as kept in the key file: never in the database, never logged. */
export interface StoredKey {
  kid: string;
  use: 'sig' | 'enc';
  createdAt: string;
  /** After this instant the key is neither published nor accepted: the end of a rotation's overlap. */
  retireAt: string | null;
  privateJwk: JWK;
}

export interface KeyFile {
  keys: StoredKey[];
}

export const SIGNING_ALGORITHM = 'EdDSA';
export const KEY_MANAGEMENT_ALGORITHM = 'ECDH-ES+A256KW';
export const CONTENT_ENCRYPTION = 'A256GCM';

/** A new signing pair (Ed25519) and encryption pair (X25519), named by country, time and a random tag (two rotations in one second differ). */
export async function generateKeyPairs(country: string, now = new Date()): Promise<StoredKey[]> {
  const stamp = `${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const sig = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const enc = await generateKeyPair(KEY_MANAGEMENT_ALGORITHM, { crv: 'X25519', extractable: true });
  return [
    { kid: `${country}-${stamp}-sig`, use: 'sig', createdAt: now.toISOString(), retireAt: null, privateJwk: { ...(await exportJWK(sig.privateKey)), alg: SIGNING_ALGORITHM, use: 'sig' } },
    { kid: `${country}-${stamp}-enc`, use: 'enc', createdAt: now.toISOString(), retireAt: null, privateJwk: { ...(await exportJWK(enc.privateKey)), alg: KEY_MANAGEMENT_ALGORITHM, use: 'enc' } },
  ];
}

/** Adds a new pair and retires the current ones after the overlap, so partners can fetch the new keys first. */
export async function rotate(file: KeyFile, country: string, overlapDays: number, now = new Date()): Promise<KeyFile> {
  const retireAt = new Date(now.getTime() + overlapDays * 24 * 3600 * 1000).toISOString();
  return {
    keys: [...file.keys.map((key) => (key.retireAt ? key : { ...key, retireAt })), ...(await generateKeyPairs(country, now))],
  };
}

// The private scalar is `d` for both Ed25519 and X25519 (OKP keys).
const publicPart = (jwk: JWK): JWK => Object.fromEntries(Object.entries(jwk).filter(([name]) => name !== 'd')) as JWK;

const isLive = (key: StoredKey, now: Date) => !key.retireAt || new Date(key.retireAt) > now;

/**
 * Our keys. Which of them are live is decided at each use, not at load: a key whose `retireAt`
 * passes stops being published and accepted at that instant, without a restart. The newest live
 * signing key signs; any live encryption key decrypts by kid.
 */
export class KeyRing {
  private constructor(
    private readonly keys: StoredKey[],
    private readonly imported: Map<string, KeyLike | Uint8Array>,
  ) {}

  static async load(file: KeyFile, now = new Date()): Promise<KeyRing> {
    if (!file || !Array.isArray(file.keys)) throw new Error('The exchange key file must be { "keys": [...] }');
    const imported = new Map<string, KeyLike | Uint8Array>();
    for (const key of file.keys) {
      if (!key?.kid || (key.use !== 'sig' && key.use !== 'enc') || !key.privateJwk) throw new Error('Every key in the exchange key file needs kid, use (sig or enc) and privateJwk');
      imported.set(key.kid, await importJWK(key.privateJwk, key.use === 'sig' ? SIGNING_ALGORITHM : KEY_MANAGEMENT_ALGORITHM));
    }
    const ring = new KeyRing(file.keys, imported);
    ring.assertUsable(now);
    return ring;
  }

  /** Throws unless a live signing key and a live encryption key remain. */
  assertUsable(now = new Date()): void {
    const live = this.live(now);
    if (!live.some((key) => key.use === 'sig') || !live.some((key) => key.use === 'enc')) throw new Error('The exchange key file needs a live signing key and a live encryption key');
  }

  signingKey(now = new Date()): { kid: string; key: KeyLike | Uint8Array } {
    const newest = this.live(now)
      .filter((key) => key.use === 'sig')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!newest) throw new Error('No live signing key: every signing key in the key file is retired');
    return { kid: newest.kid, key: this.imported.get(newest.kid)! };
  }

  decryptionKey(kid: string | undefined, now = new Date()): KeyLike | Uint8Array | undefined {
    const found = this.live(now).find((key) => key.kid === kid && key.use === 'enc');
    return found ? this.imported.get(found.kid) : undefined;
  }

  /** The public JWKS served at /.well-known/jwks.json: live keys only. */
  publicJwks(now = new Date()): { keys: JWK[] } {
    return { keys: this.live(now).map((key) => ({ ...publicPart(key.privateJwk), kid: key.kid, use: key.use })) };
  }

  private live(now: Date): StoredKey[] {
    return this.keys.filter((key) => isLive(key, now));
  }
}

/** A partner's published keys must be public keys of the allowed kinds. */
export function checkPublicJwks(jwks: unknown): { keys: JWK[] } {
  const keys = (jwks as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('A JWKS must hold a non-empty "keys" list');
  if (keys.length > 20) throw new Error('A JWKS may hold at most 20 keys');
  for (const key of keys as JWK[]) {
    if (typeof key !== 'object' || !key || typeof key.kid !== 'string' || !key.kid || key.kid.length > 200) throw new Error('Every key needs a kid (at most 200 characters)');
    if ('d' in key) throw new Error(`Key ${key.kid} holds private material: only public keys are registered`);
    if (key.kty !== 'OKP' || !['Ed25519', 'X25519'].includes(String(key.crv)) || typeof key.x !== 'string') throw new Error(`Key ${key.kid} must be an Ed25519 or X25519 key`);
  }
  // Only the members a public OKP key needs are kept: nothing else a partner's server adds is stored.
  return { keys: (keys as JWK[]).map((key) => ({ kty: key.kty, crv: key.crv, x: key.x, kid: key.kid, ...(key.use ? { use: key.use } : {}), ...(key.alg ? { alg: key.alg } : {}) })) };
}

/** RFC 7638 SHA-256 thumbprint of each key, by kid. */
export async function keyThumbprints(jwks: { keys: JWK[] }): Promise<{ kid: string; thumbprint: string }[]> {
  return Promise.all(jwks.keys.map(async (key) => ({ kid: String(key.kid), thumbprint: await calculateJwkThumbprint(key, 'sha256') })));
}

/**
 * One thumbprint for a whole key set, for an admin to compare with what the partner announced:
 * base64url(SHA-256 of the keys' RFC 7638 thumbprints, sorted, joined by ","). The kids and any
 * other member do not change it; a key added, removed or replaced does.
 */
export async function jwksThumbprint(jwks: { keys: JWK[] }): Promise<string> {
  const each = (await keyThumbprints(jwks)).map((key) => key.thumbprint).sort();
  return createHash('sha256').update(each.join(',')).digest('base64url');
}
