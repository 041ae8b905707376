import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Key format: `fiu_<16 hex key id>_<43 base64url secret>`. The secret holds 256 random bits;
 * the recognisable prefix lets secret scanners and humans spot a leaked key.
 */
export const API_KEY_PREFIX = 'fiu_';
const KEY_PATTERN = /^fiu_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  keyId: string;
  key: string;
  hash: Buffer;
}

export function generateApiKey(): GeneratedApiKey {
  const keyId = randomBytes(8).toString('hex');
  const key = `${API_KEY_PREFIX}${keyId}_${randomBytes(32).toString('base64url')}`;
  return { keyId, key, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Returns the key id of a well-formed key, or null. */
export function parseApiKey(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** Constant-time comparison of a presented key with a stored hash. */
export function apiKeyMatches(presented: string, storedHash: Buffer): boolean {
  const presentedHash = hashApiKey(presented);
  return presentedHash.length === storedHash.length && timingSafeEqual(presentedHash, storedHash);
}
