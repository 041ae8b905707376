import { exportJWK, generateKeyPair, importJWK, JWK, KeyLike } from 'jose';

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

/** A new signing pair (Ed25519) and encryption pair (X25519), named by country and time. */
export async function generateKeyPairs(country: string, now = new Date()): Promise<StoredKey[]> {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
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

/** Our keys, loaded once: the newest signing key signs, any live encryption key decrypts by kid. */
export class KeyRing {
  private constructor(
    private readonly live: StoredKey[],
    private readonly imported: Map<string, KeyLike | Uint8Array>,
  ) {}

  static async load(file: KeyFile, now = new Date()): Promise<KeyRing> {
    if (!file || !Array.isArray(file.keys)) throw new Error('The exchange key file must be { "keys": [...] }');
    const live = file.keys.filter((key) => !key.retireAt || new Date(key.retireAt) > now);
    const imported = new Map<string, KeyLike | Uint8Array>();
    for (const key of live) {
      imported.set(key.kid, await importJWK(key.privateJwk, key.use === 'sig' ? SIGNING_ALGORITHM : KEY_MANAGEMENT_ALGORITHM));
    }
    if (!live.some((key) => key.use === 'sig') || !live.some((key) => key.use === 'enc')) throw new Error('The exchange key file needs a live signing key and a live encryption key');
    return new KeyRing(live, imported);
  }

  signingKey(): { kid: string; key: KeyLike | Uint8Array } {
    const newest = this.live.filter((key) => key.use === 'sig').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    return { kid: newest.kid, key: this.imported.get(newest.kid)! };
  }

  decryptionKey(kid: string | undefined): KeyLike | Uint8Array | undefined {
    const found = this.live.find((key) => key.kid === kid && key.use === 'enc');
    return found ? this.imported.get(found.kid) : undefined;
  }

  /** The public JWKS served at /.well-known/jwks.json. */
  publicJwks(): { keys: JWK[] } {
    return { keys: this.live.map((key) => ({ ...publicPart(key.privateJwk), kid: key.kid, use: key.use })) };
  }
}

/** A partner's published keys must be public keys of the allowed kinds. */
export function checkPublicJwks(jwks: unknown): { keys: JWK[] } {
  const keys = (jwks as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('A JWKS must hold a non-empty "keys" list');
  for (const key of keys as JWK[]) {
    if (typeof key !== 'object' || !key.kid) throw new Error('Every key needs a kid');
    if ('d' in key) throw new Error(`Key ${key.kid} holds private material: only public keys are registered`);
    if (key.kty !== 'OKP' || !['Ed25519', 'X25519'].includes(String(key.crv))) throw new Error(`Key ${key.kid} must be an Ed25519 or X25519 key`);
  }
  return { keys: keys as JWK[] };
}
