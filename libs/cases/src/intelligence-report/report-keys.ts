import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, sign, verify, type JsonWebKey } from 'node:crypto';
import { constants } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';

export const REPORT_SIGNATURE_ALGORITHM = 'Ed25519';

/** One signing key of the FIU's intelligence reports, as kept in the key file (never in the database). */
export interface ReportKey {
  kid: string;
  createdAt: string;
  privateJwk: JsonWebKey;
}

export interface ReportKeyFile {
  keys: ReportKey[];
}

export interface PublicReportKey {
  keyId: string;
  algorithm: string;
  publicKeyPem: string;
  x: string;
  createdAt: string;
}

/** A new Ed25519 key, named by country, time and a random tag (two keys made in one second differ). */
export function generateReportKey(country: string, now = new Date()): ReportKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return { kid: `${country}-ir-${stamp}-${randomBytes(2).toString('hex')}`, createdAt: now.toISOString(), privateJwk: privateKey.export({ format: 'jwk' }) };
}

export function checkKeyFile(file: unknown): ReportKeyFile {
  const keys = (file as ReportKeyFile | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('An intelligence report key file must be { "keys": [ { "kid", "createdAt", "privateJwk" } ] } with at least one key');
  for (const key of keys) {
    if (typeof key?.kid !== 'string' || key.privateJwk?.kty !== 'OKP' || key.privateJwk.crv !== 'Ed25519' || typeof key.privateJwk.d !== 'string') {
      throw new Error('Every key of an intelligence report key file needs a kid and an Ed25519 private JWK');
    }
  }
  return { keys };
}

/** The key that signs: the newest. */
export const currentKey = (file: ReportKeyFile): ReportKey => [...file.keys].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];

export function publicKeyOf(key: ReportKey): PublicReportKey {
  const publicKey = createPublicKey(createPrivateKey({ key: key.privateJwk, format: 'jwk' }));
  const jwk = publicKey.export({ format: 'jwk' });
  return { keyId: key.kid, algorithm: REPORT_SIGNATURE_ALGORITHM, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), x: String(jwk.x), createdAt: key.createdAt };
}

/** A detached Ed25519 signature over the PDF's bytes (64 bytes). */
export function signReport(pdf: Buffer, key: ReportKey): Buffer {
  return sign(null, pdf, createPrivateKey({ key: key.privateJwk, format: 'jwk' }));
}

/** True only when the signature is the given public key's over exactly these bytes. */
export function verifyReport(pdf: Buffer, signature: Buffer, publicKey: string | KeyObject): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, pdf, key, signature);
  } catch {
    return false;
  }
}

export async function readKeyFile(path: string): Promise<ReportKeyFile> {
  return checkKeyFile(JSON.parse(await readFile(path, 'utf8')));
}

/** True when group or others may read or write the file: a private key others can read is a leaked key. */
export async function tooOpen(path: string): Promise<boolean> {
  return ((await stat(path)).mode & 0o077) !== 0;
}

/** Writes a new key file, owner-only, refusing to overwrite one (EEXIST when another process was first). */
export async function writeNewKeyFile(path: string, file: ReportKeyFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY });
}
