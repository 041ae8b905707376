import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import type { JWK } from 'jose';
import { AuditService } from '@fiu/audit';
import { EnvironmentVariables, type Actor } from '@fiu/core';
import { generateKeyPairs, jwksThumbprint, KeyFile, KeyRing, keyThumbprints, rotate } from './envelope/keys';
import { ExchangeErrorCode, ExchangeException } from './exchange.errors';

/** Where a node without EXCHANGE_KEYS_FILE keeps the key file it generates (outside production only), relative to its working directory. */
export const DEFAULT_KEYS_FOLDER = '.fiu';
export const defaultKeysFile = (country: string) => join(process.cwd(), DEFAULT_KEYS_FOLDER, `exchange-keys-${country}.json`);

/** What an administrator compares with a partner: the set's thumbprint and each key's. */
export interface KeyFingerprints {
  thumbprint: string;
  keys: { kid: string; use: string; thumbprint: string }[];
}

const unavailable = (message: string) => new ExchangeException(ExchangeErrorCode.KeysUnavailable, message);

/**
 * This node's exchange keys. The file is watched by its identity (inode, size, mtime) at each use,
 * so a rotation written to it takes effect without a restart, and each key's retireAt is applied at
 * the instant it passes. Private keys never leave this class: not to the database, not to the logs.
 */
@Injectable()
export class KeysService {
  private readonly logger = new Logger(KeysService.name);
  private current?: { signature: string; ring: KeyRing };
  private loading?: { signature: string; promise: Promise<KeyRing> };
  private failedSignature?: string;

  constructor(
    private readonly config: EnvironmentVariables,
    private readonly audit: AuditService,
  ) {}

  private get production() {
    return this.config.NODE_ENV === 'production';
  }

  /** EXCHANGE_KEYS_FILE, or outside production the default path; null in production without the variable. */
  keysPath(): string | null {
    if (this.config.EXCHANGE_KEYS_FILE) return resolve(this.config.EXCHANGE_KEYS_FILE);
    return this.production ? null : defaultKeysFile(this.config.FIU_COUNTRY);
  }

  /**
   * Called when the exchange face starts: in production without a key file it refuses to start;
   * outside production it generates one at the default path on first start. Logs the thumbprints
   * partners confirm (public values only).
   */
  async prepare(): Promise<KeyFingerprints> {
    if (!this.keysPath()) throw unavailable('EXCHANGE_KEYS_FILE is required in production: generate one with `npm run cli -- keys:generate --country XX --out <file>` (mode 0600)');
    const fingerprints = await fingerprintsOf((await this.ring()).publicJwks());
    this.logger.log({ keysFile: this.keysPath(), thumbprint: fingerprints.thumbprint, keys: fingerprints.keys }, 'exchange keys loaded: partners confirm this thumbprint');
    return fingerprints;
  }

  async ring(): Promise<KeyRing> {
    const path = this.keysPath();
    if (!path) throw unavailable('This node has no exchange keys: set EXCHANGE_KEYS_FILE (npm run cli -- keys:generate)');
    let signature = await fileSignature(path);
    if (!signature) {
      if (this.production || this.config.EXCHANGE_KEYS_FILE) throw unavailable(`The exchange key file ${path} does not exist`);
      await this.generateDefault(path);
      signature = (await fileSignature(path))!;
    }
    if (this.current?.signature === signature) return this.current.ring;
    if (this.loading?.signature !== signature) this.loading = { signature, promise: this.load(path, signature) };
    try {
      return await this.loading.promise;
    } catch (error) {
      // A half-written or broken file: keep serving the keys already loaded rather than stopping exchange.
      if (this.current) {
        if (this.failedSignature !== signature) this.logger.error({ keysFile: path, problem: (error as Error).message }, 'the changed exchange key file cannot be used; the keys loaded before stay in use');
        this.failedSignature = signature;
        return this.current.ring;
      }
      throw error;
    } finally {
      if (this.loading?.signature === signature) this.loading = undefined;
    }
  }

  async publicJwks(): Promise<{ keys: JWK[] }> {
    return (await this.ring()).publicJwks();
  }

  /** The thumbprints of the keys we publish now. */
  async fingerprints(): Promise<KeyFingerprints> {
    return fingerprintsOf(await this.publicJwks());
  }

  /** `keys:generate`: a new key file (owner-only), audited with its public thumbprints. */
  async generateFile(path: string, country: string, actor: Actor): Promise<KeyFingerprints> {
    const file: KeyFile = { keys: await generateKeyPairs(country) };
    await writeNew(path, file);
    return this.audited(actor, 'keys.generate', path, (await KeyRing.load(file)).publicJwks());
  }

  /** `keys:rotate`: adds a generation and retires the current one after the overlap; a running node picks it up without a restart. */
  async rotateFile(path: string, country: string, overlapDays: number, actor: Actor): Promise<KeyFingerprints> {
    const rotated = await rotate(await readKeyFile(path), country, overlapDays);
    const ring = await KeyRing.load(rotated);
    await replace(path, rotated);
    return this.audited(actor, 'keys.rotate', path, ring.publicJwks(), { overlapDays });
  }

  /** `keys:public`: the public half of a key file, audited as a read. */
  async publicOf(path: string, actor: Actor): Promise<{ keys: JWK[] }> {
    const jwks = (await KeyRing.load(await readKeyFile(path))).publicJwks();
    await this.audited(actor, 'keys.public', path, jwks);
    return jwks;
  }

  private async audited(actor: Actor, action: string, path: string, jwks: { keys: JWK[] }, extra: Record<string, unknown> = {}): Promise<KeyFingerprints> {
    const fingerprints = await fingerprintsOf(jwks);
    await this.audit.record(actor, { action, objectType: 'exchange_keys', objectId: resolve(path), detail: { ...extra, thumbprint: fingerprints.thumbprint, keys: fingerprints.keys } });
    return fingerprints;
  }

  private async load(path: string, signature: string): Promise<KeyRing> {
    const info = await stat(path);
    // Owner-only: a key file others can read is a leaked key. Refused in production, warned about elsewhere.
    if ((info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
      if (this.production) throw unavailable(`The exchange key file ${path} is readable or writable by group or others (mode ${mode}): chmod 600 it`);
      this.logger.warn({ keysFile: path, mode }, 'the exchange key file is readable or writable by group or others: chmod 600 it (refused in production)');
    }
    let ring: KeyRing;
    try {
      ring = await KeyRing.load(await readKeyFile(path));
    } catch (error) {
      if (error instanceof ExchangeException) throw error;
      throw unavailable(`The exchange key file ${path} cannot be used: ${(error as Error).message}`);
    }
    if (this.current) this.logger.log({ keysFile: path, thumbprint: (await fingerprintsOf(ring.publicJwks())).thumbprint }, 'exchange key file changed: new keys in use');
    this.current = { signature, ring };
    this.failedSignature = undefined;
    return ring;
  }

  private async generateDefault(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const file: KeyFile = { keys: await generateKeyPairs(this.config.FIU_COUNTRY) };
    try {
      await writeNew(path, file);
    } catch (error) {
      // Another process of this node generated it first: use theirs.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
      throw error;
    }
    const fingerprints = await fingerprintsOf((await KeyRing.load(file)).publicJwks());
    this.logger.warn({ keysFile: path, thumbprint: fingerprints.thumbprint, keys: fingerprints.keys }, 'EXCHANGE_KEYS_FILE is not set: generated a new exchange key file at the default path (not allowed in production)');
  }
}

async function fingerprintsOf(jwks: { keys: JWK[] }): Promise<KeyFingerprints> {
  const each = await keyThumbprints(jwks);
  return { thumbprint: await jwksThumbprint(jwks), keys: jwks.keys.map((key, index) => ({ kid: String(key.kid), use: String(key.use), thumbprint: each[index].thumbprint })) };
}

async function fileSignature(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    return `${info.ino}:${info.size}:${info.mtimeMs}:${info.mode}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readKeyFile(path: string): Promise<KeyFile> {
  return JSON.parse(await readFile(path, 'utf8')) as KeyFile;
}

const temporaryBeside = (path: string) => join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);

/** Creates the file only if it does not exist, whole or not at all (written aside, then linked in). */
async function writeNew(path: string, file: KeyFile): Promise<void> {
  const temporary = temporaryBeside(path);
  await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY });
  try {
    await link(temporary, path);
  } finally {
    await unlink(temporary);
  }
}

/** Replaces the file in one step (rename), so a running node never reads half of it. */
async function replace(path: string, file: KeyFile): Promise<void> {
  const temporary = temporaryBeside(path);
  await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY });
  await rename(temporary, path);
}
