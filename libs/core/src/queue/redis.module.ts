import { Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { EnvironmentVariables } from '../config/environment-variables';
import { redisOptionsFromUrl } from './redis-options';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * Warns loudly at start unless Redis evicts nothing: with any other policy Redis may drop
 * queued jobs under memory pressure. PostgreSQL keeps the outbox, so nothing is lost, but
 * work would stall until someone noticed.
 */
@Injectable()
export class RedisPolicyCheck implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  onApplicationBootstrap(): void {
    // Never delays start-up: intake must answer even while Redis is down.
    void this.warnUnlessNoEviction();
  }

  private async warnUnlessNoEviction(): Promise<void> {
    try {
      await whenReady(this.redis, 3000);
      const policy = await checkEvictionPolicy(this.redis);
      if (policy !== 'noeviction') {
        this.logger.warn(
          `!!! Redis maxmemory-policy is "${policy}", not "noeviction": Redis may evict queued jobs. ` +
            'Set "maxmemory-policy noeviction" in redis.conf. !!!',
        );
      }
    } catch (error) {
      this.logger.warn(`Could not read Redis maxmemory-policy: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

/** Resolves once the client is connected, or rejects after `timeoutMs`. */
export function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

export async function checkEvictionPolicy(redis: Redis): Promise<string> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  return reply[1] ?? 'unknown';
}

/** A small Redis client for health checks; it fails fast rather than queueing commands while Redis is down. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [EnvironmentVariables],
      useFactory: (config: EnvironmentVariables) => {
        const client = new Redis({
          ...redisOptionsFromUrl(config.REDIS_URL),
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
        });
        // Without a listener ioredis would crash the process on a refused connection.
        client.on('error', () => undefined);
        return client;
      },
    },
    RedisPolicyCheck,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
