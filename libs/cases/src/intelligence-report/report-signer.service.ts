import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EnvironmentVariables } from '@fiu/core';
import { CaseworkErrorCode, CaseworkException } from '../casework.errors';
import { currentKey, publicKeyOf, readKeyFile, REPORT_SIGNATURE_ALGORITHM, ReportKeyFile, signReport, tooOpen, writeNewKeyFile, generateReportKey, type PublicReportKey } from './report-keys';

/** Where a node without INTELLIGENCE_REPORT_KEYS_FILE keeps the key it generates (outside production only), relative to its working directory. */
export const defaultReportKeysFile = (country: string) => join(process.cwd(), '.fiu', `intelligence-report-keys-${country}.json`);

const unavailable = (message: string) => new CaseworkException(CaseworkErrorCode.SigningUnavailable, message);

/**
 * Signs PDF intelligence reports with the FIU's Ed25519 key. The key file is read once; in
 * production it must be configured (start-up stops without it), elsewhere one is generated.
 */
@Injectable()
export class ReportSigner implements OnModuleInit {
  private readonly logger = new Logger(ReportSigner.name);
  private loaded?: Promise<ReportKeyFile>;

  constructor(private readonly config: EnvironmentVariables) {}

  async onModuleInit(): Promise<void> {
    // Production finds a missing or unreadable key at start-up, not at the first issue.
    if (this.config.NODE_ENV === 'production') await this.keys();
  }

  /** The key that signs now (printed in the report before it is signed). */
  async currentKeyId(): Promise<string> {
    return currentKey(await this.keys()).kid;
  }

  async sign(pdf: Buffer, keyId: string): Promise<{ keyId: string; algorithm: string; signature: Buffer }> {
    const key = (await this.keys()).keys.find((candidate) => candidate.kid === keyId);
    if (!key) throw unavailable(`No intelligence report key ${keyId}`);
    return { keyId: key.kid, algorithm: REPORT_SIGNATURE_ALGORITHM, signature: signReport(pdf, key) };
  }

  /** Every key of the file, public parts only: old reports stay verifiable after a rotation. */
  async publicKeys(): Promise<(PublicReportKey & { current: boolean })[]> {
    const file = await this.keys();
    const current = currentKey(file).kid;
    return file.keys.map((key) => ({ ...publicKeyOf(key), current: key.kid === current }));
  }

  private keys(): Promise<ReportKeyFile> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async load(): Promise<ReportKeyFile> {
    const production = this.config.NODE_ENV === 'production';
    const configured = this.config.INTELLIGENCE_REPORT_KEYS_FILE;
    if (!configured && production) {
      throw unavailable('INTELLIGENCE_REPORT_KEYS_FILE is required in production: generate one with `npm run cli -- report-keys:generate --out <file>` (mode 0600)');
    }
    const path = configured ?? defaultReportKeysFile(this.config.FIU_COUNTRY);
    try {
      const file = await readKeyFile(path);
      if (await tooOpen(path)) {
        if (production) throw unavailable(`The intelligence report key file ${path} is readable or writable by group or others: chmod 600 it`);
        this.logger.warn({ keysFile: path }, 'the intelligence report key file is readable or writable by group or others: chmod 600 it (refused in production)');
      }
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        if (error instanceof CaseworkException) throw error;
        throw unavailable(`The intelligence report key file ${path} cannot be used: ${(error as Error).message}`);
      }
      if (configured) throw unavailable(`The intelligence report key file ${path} does not exist`);
      return this.generate(path);
    }
  }

  private async generate(path: string): Promise<ReportKeyFile> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const file = { keys: [generateReportKey(this.config.FIU_COUNTRY)] };
    try {
      await writeNewKeyFile(path, file);
    } catch (error) {
      // Another process generated it first: use theirs, once it has finished writing it.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      for (let attempt = 0; ; attempt++) {
        try {
          return await readKeyFile(path);
        } catch (readError) {
          if (attempt >= 20) throw readError;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }
    this.logger.warn({ keysFile: path, keyId: file.keys[0].kid }, 'INTELLIGENCE_REPORT_KEYS_FILE is not set: generated a signing key at the default path (not allowed in production)');
    return file;
  }
}
