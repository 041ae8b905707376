import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, MinimalJob, Queue } from 'bullmq';
import { DeliverMessagePayload, EnvironmentVariables, EXCHANGE_BACKOFF, EXCHANGE_BACKOFF_CAP_FACTOR, EXCHANGE_QUEUE, ExchangeJobName } from '@fiu/core';
import { DeliverUseCase, RemindUseCase } from '@fiu/exchange';

/** Capped exponential backoff with full jitter: many nodes retrying a partner that comes back do not arrive together. */
export function cappedJitterBackoff(attemptsMade: number, type: string | undefined, _error?: Error, job?: MinimalJob): number {
  if (type !== EXCHANGE_BACKOFF) return 0;
  const base = Number((job?.opts.backoff as { delay?: number } | undefined)?.delay ?? 1000);
  const ceiling = Math.min(base * EXCHANGE_BACKOFF_CAP_FACTOR, base * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

@Processor(EXCHANGE_QUEUE, { settings: { backoffStrategy: cappedJitterBackoff } })
export class ExchangeProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExchangeProcessor.name);

  constructor(
    private readonly delivery: DeliverUseCase,
    private readonly reminders: RemindUseCase,
    private readonly config: EnvironmentVariables,
    @InjectQueue(EXCHANGE_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    // One repeatable job, whatever the number of workers: BullMQ keys it by name and interval.
    await this.queue.upsertJobScheduler('exchange-deadlines', { every: this.config.EXCHANGE_REMINDER_EVERY_MS }, { name: ExchangeJobName.RemindDeadlines, data: {} });
  }

  async process(job: Job<DeliverMessagePayload>): Promise<unknown> {
    switch (job.name as ExchangeJobName) {
      case ExchangeJobName.DeliverMessage: {
        const outcome = await this.delivery.execute(job.data.messageId);
        this.logger.log({ jobId: job.id, messageId: job.data.messageId, outcome, attempt: job.attemptsMade + 1 }, outcome === 'stopped' ? 'exchange message stopped at delivery by the release check' : 'exchange message delivery done');
        return outcome;
      }
      case ExchangeJobName.RemindDeadlines:
        return { reminded: (await this.reminders.execute()).length };
      default:
        throw new Error(`Unknown job ${job.name} on queue ${EXCHANGE_QUEUE}`);
    }
  }

  /** A delivery that used up its attempts is shown to staff as failed (they can resend it). */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<DeliverMessagePayload> | undefined, error: Error): Promise<void> {
    if (!job || job.name !== ExchangeJobName.DeliverMessage) return;
    if (job.attemptsMade < (job.opts.attempts ?? 1) && error.name !== 'UnrecoverableError') return;
    await this.delivery.markFailed(job.data.messageId, error.message).catch((recordError: unknown) => {
      this.logger.error({ jobId: job.id, err: recordError }, 'could not record the failed delivery');
    });
  }
}
