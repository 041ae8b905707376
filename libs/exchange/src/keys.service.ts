import { readFileSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { EnvironmentVariables } from '@fiu/core';
import { KeyFile, KeyRing } from './envelope/keys';
import { ExchangeErrorCode, ExchangeException } from './exchange.errors';

/** This node's exchange keys, from the key file named by EXCHANGE_KEYS_FILE (read once; restart to rotate). */
@Injectable()
export class KeysService {
  private readonly logger = new Logger(KeysService.name);
  private loading?: Promise<KeyRing | null>;

  constructor(private readonly config: EnvironmentVariables) {}

  async ring(): Promise<KeyRing> {
    const ring = await this.load();
    if (!ring) throw new ExchangeException(ExchangeErrorCode.KeysUnavailable, 'This node has no exchange keys: set EXCHANGE_KEYS_FILE (npm run cli -- keys:generate)');
    return ring;
  }

  async publicJwks(): Promise<{ keys: unknown[] }> {
    return (await this.load())?.publicJwks() ?? { keys: [] };
  }

  private load(): Promise<KeyRing | null> {
    this.loading ??= (async () => {
      const path = this.config.EXCHANGE_KEYS_FILE;
      if (!path) {
        this.logger.warn('EXCHANGE_KEYS_FILE is not set: this node cannot exchange with partner FIUs');
        return null;
      }
      // Only the path is ever logged, never the file's content.
      return KeyRing.load(JSON.parse(readFileSync(path, 'utf8')) as KeyFile);
    })();
    return this.loading;
  }
}
