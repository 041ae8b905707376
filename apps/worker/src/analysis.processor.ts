import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { AnalyseReportPayload, ANALYSIS_QUEUE, AnalysisJobName, EnvironmentVariables } from '@fiu/core';
import { AnalysisService } from '@fiu/analysis';

@Processor(ANALYSIS_QUEUE)
export class AnalysisProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(AnalysisProcessor.name);

  constructor(
    private readonly analysis: AnalysisService,
    private readonly config: EnvironmentVariables,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job<AnalyseReportPayload>): Promise<string> {
    switch (job.name as AnalysisJobName) {
      case AnalysisJobName.AnalyseReport: {
        const outcome = await this.analysis.analyseReport(job.data.reportId);
        this.logger.log({ jobId: job.id, reportId: job.data.reportId, outcome, attempt: job.attemptsMade + 1 }, 'report analysed');
        return outcome;
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${ANALYSIS_QUEUE}`);
    }
  }
}
