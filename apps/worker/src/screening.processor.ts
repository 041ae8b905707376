import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { RescreenSubjectsPayload, SCREENING_QUEUE, ScreeningJobName } from '@fiu/core';
import { AnalysisService, ScreeningService } from '@fiu/analysis';

@Processor(SCREENING_QUEUE)
export class ScreeningProcessor extends WorkerHost {
  private readonly logger = new Logger(ScreeningProcessor.name);

  constructor(
    private readonly screening: ScreeningService,
    private readonly analysis: AnalysisService,
  ) {
    super();
  }

  async process(job: Job<RescreenSubjectsPayload>): Promise<{ subjects: number; hits: number }> {
    switch (job.name as ScreeningJobName) {
      case ScreeningJobName.RescreenSubjects: {
        const result = await this.screening.rescreenAll();
        // New hits change risk scores: every analysed report is scored again.
        const reanalysis = await this.analysis.reanalyseAll(`${job.data.listSource} list reloaded`);
        this.logger.log({ jobId: job.id, listSource: job.data.listSource, ...result, reanalysis }, 'subjects re-screened');
        return result;
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${SCREENING_QUEUE}`);
    }
  }
}
