import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { RescreenSubjectsPayload, SCREENING_QUEUE, ScreeningJobName } from '@fiu/core';
import { ScreeningService } from '@fiu/analysis';

@Processor(SCREENING_QUEUE)
export class ScreeningProcessor extends WorkerHost {
  private readonly logger = new Logger(ScreeningProcessor.name);

  constructor(private readonly screening: ScreeningService) {
    super();
  }

  async process(job: Job<RescreenSubjectsPayload>): Promise<{ subjects: number; hits: number }> {
    switch (job.name as ScreeningJobName) {
      case ScreeningJobName.RescreenSubjects: {
        const result = await this.screening.rescreenAll();
        this.logger.log({ jobId: job.id, listSource: job.data.listSource, ...result }, 'subjects re-screened');
        return result;
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${SCREENING_QUEUE}`);
    }
  }
}
