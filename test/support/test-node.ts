import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ANALYSIS_QUEUE, EXCHANGE_QUEUE, SCREENING_QUEUE, createHttpApp, EnvironmentVariables, OutboxRelay, redisOptionsFromUrl } from '@fiu/core';
import { INTAKE_APP } from '../../apps/intake/src/bootstrap';
import { IntakeModule } from '../../apps/intake/src/intake.module';
import { startWorker } from '../../apps/worker/src/bootstrap';

export interface TestNode {
  intake: NestFastifyApplication;
  worker: INestApplicationContext;
  dataSource: DataSource;
  relay: OutboxRelay;
  analysisQueue: Queue;
  close(): Promise<void>;
}

/** Boots the real intake app and the real worker against this jest worker's database and queue prefix. */
export async function startTestNode(): Promise<TestNode> {
  const intake = await createHttpApp(IntakeModule, INTAKE_APP, false);
  await intake.init();
  await intake.getHttpAdapter().getInstance().ready();
  const worker = await startWorker(false);
  const config = worker.get(EnvironmentVariables);
  const analysisQueue = new Queue(ANALYSIS_QUEUE, { connection: redisOptionsFromUrl(config.REDIS_URL), prefix: config.QUEUE_PREFIX });
  return {
    intake,
    worker,
    dataSource: worker.get(DataSource),
    relay: worker.get(OutboxRelay),
    analysisQueue,
    async close() {
      await intake.close();
      await worker.close();
      // Leave nothing of this file's queues in Redis.
      const screeningQueue = new Queue(SCREENING_QUEUE, { connection: redisOptionsFromUrl(config.REDIS_URL), prefix: config.QUEUE_PREFIX });
      const exchangeQueue = new Queue(EXCHANGE_QUEUE, { connection: redisOptionsFromUrl(config.REDIS_URL), prefix: config.QUEUE_PREFIX });
      for (const queue of [analysisQueue, screeningQueue, exchangeQueue]) {
        await queue.obliterate({ force: true }).catch(() => undefined);
        await queue.close();
      }
    },
  };
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
