import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { EnvironmentVariables } from '../config/environment-variables';
import { EXCHANGE_BACKOFF, EXCHANGE_QUEUE } from '../queue/queue-contracts';
import { redisOptionsFromUrl } from '../queue/redis-options';
import { whenReady } from '../queue/redis.module';

interface PendingRow {
  id: string;
  queue: string;
  job_name: string;
  payload: Record<string, unknown>;
}

const MAX_IDLE_BACKOFF_MS = 15_000;

/**
 * Moves outbox rows to BullMQ (job id = outbox row id), then marks them dispatched. Rows are
 * locked with SKIP LOCKED, so several relays can run side by side. If Redis is unreachable the
 * transaction rolls back, the rows stay pending, and the relay retries with a growing delay.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues = new Map<string, Queue>();
  private redis?: Redis;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake?: () => void;
  private consecutiveFailures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: EnvironmentVariables,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    this.redis?.disconnect();
    this.redis = undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loopDone;
  }

  /** Publishes one batch of pending rows; returns how many were dispatched. */
  async dispatchBatch(): Promise<number> {
    // Wait for Redis outside the transaction, so no row lock is held during an outage.
    await whenReady(this.connection(), 2000);
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT id, queue, job_name, payload FROM outbox
          WHERE dispatched_at IS NULL
          ORDER BY created_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [this.config.OUTBOX_BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, PendingRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queueName, queueRows] of byQueue) {
        await this.queue(queueName).addBulk(
          queueRows.map((row) => ({ name: row.job_name, data: row.payload, opts: { jobId: row.id } })),
        );
      }
      await manager.query('UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::uuid[])', [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let delay = this.config.OUTBOX_POLL_MS;
      try {
        const dispatched = await this.dispatchBatch();
        if (this.consecutiveFailures > 0) this.logger.log('Outbox relay is publishing again');
        this.consecutiveFailures = 0;
        if (dispatched === this.config.OUTBOX_BATCH_SIZE) delay = 0;
      } catch (error) {
        this.consecutiveFailures += 1;
        delay = Math.min(MAX_IDLE_BACKOFF_MS, this.config.OUTBOX_POLL_MS * 2 ** this.consecutiveFailures);
        // Log the first failure and then every tenth, so an outage does not flood the log.
        if (this.consecutiveFailures % 10 === 1) {
          this.logger.warn(
            `Outbox relay cannot publish (attempt ${this.consecutiveFailures}, next in ${delay} ms): ${(error as Error).message}`,
          );
        }
      }
      if (delay > 0 && this.running) await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection(),
        prefix: this.config.QUEUE_PREFIX,
        defaultJobOptions: {
          // Deliveries to partner FIUs retry for longer (a partner may be down for a while), capped and jittered.
          ...(name === EXCHANGE_QUEUE
            ? { attempts: this.config.EXCHANGE_DELIVERY_ATTEMPTS, backoff: { type: EXCHANGE_BACKOFF, delay: this.config.EXCHANGE_BACKOFF_MS } }
            : { attempts: this.config.JOB_ATTEMPTS, backoff: { type: 'exponential', delay: this.config.JOB_BACKOFF_MS } }),
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          // Failed jobs stay in Redis for staff to inspect and retry.
          removeOnFail: false,
        },
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  private connection(): Redis {
    if (!this.redis) {
      // Fail fast while Redis is down instead of buffering commands in memory: the rows stay in PostgreSQL.
      this.redis = new Redis({
        ...redisOptionsFromUrl(this.config.REDIS_URL),
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
      });
      this.redis.on('error', () => undefined);
    }
    return this.redis;
  }
}
