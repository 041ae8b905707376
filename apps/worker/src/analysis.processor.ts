import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { AnalyseReportPayload, ANALYSIS_QUEUE, AnalysisJobName, CrossCheckExchangeMessagePayload, EnvironmentVariables, JobProgressService, systemActor } from '@fiu/core';
import { MessagesService } from '@fiu/exchange';
import { AnalysisService } from '@fiu/analysis';

@Processor(ANALYSIS_QUEUE)
export class AnalysisProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(AnalysisProcessor.name);

  constructor(
    private readonly analysis: AnalysisService,
    private readonly config: EnvironmentVariables,
    private readonly exchange: MessagesService,
    private readonly jobs: JobProgressService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    const queued = await this.jobs.fanOut({ kind: 'reanalysis', requestedBy: systemActor('worker'), detail: { reason: 'typology rules changed' } }, (progressJobId) =>
      this.analysis.reanalyseIfRulesChanged(progressJobId),
    );
    if (queued > 0) this.logger.log({ queued }, 'typology rules changed: every analysed report queued for analysis again');
  }

  /** After the last retry, the failure is written on the report, where staff see it; BullMQ keeps the job as failed. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<AnalyseReportPayload> | undefined, error: Error): Promise<void> {
    if (!job || job.name !== AnalysisJobName.AnalyseReport || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    if (job.data.progressJobId) this.jobs.countItem(job.data.progressJobId, 'failed');
    try {
      await this.analysis.recordPermanentFailure(job.data.reportId, `analysis failed after ${job.attemptsMade} attempts: ${error.message}`);
    } catch (recordError) {
      this.logger.error({ jobId: job.id, reportId: job.data.reportId, err: recordError }, 'could not record the analysis failure on the report');
    }
  }

  async process(job: Job<AnalyseReportPayload | CrossCheckExchangeMessagePayload>): Promise<string> {
    switch (job.name as AnalysisJobName) {
      case AnalysisJobName.CrossCheckExchangeMessage: {
        const { exchangeMessageId } = job.data as CrossCheckExchangeMessagePayload;
        const parties = await this.exchange.partiesOf(exchangeMessageId);
        if (!parties) return 'message_missing';
        await this.exchange.recordCrossCheck(exchangeMessageId, await this.analysis.crossCheck(parties.names, parties.identifierKeys));
        return 'cross_checked';
      }
      case AnalysisJobName.AnalyseReport: {
        const { reportId, progressJobId } = job.data as AnalyseReportPayload;
        const outcome = await this.analysis.analyseReport(reportId);
        if (progressJobId) this.jobs.countItem(progressJobId);
        this.logger.log({ jobId: job.id, reportId, outcome, attempt: job.attemptsMade + 1 }, 'report analysed');
        return outcome;
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${ANALYSIS_QUEUE}`);
    }
  }
}
