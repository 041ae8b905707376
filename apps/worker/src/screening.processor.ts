import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { derivedJobId, JobProgressService, progressIdOf, RescreenSubjectsPayload, SCREENING_QUEUE, ScreeningJobName, systemActor } from '@fiu/core';
import { AnalysisService, ScreeningService } from '@fiu/analysis';

@Processor(SCREENING_QUEUE)
export class ScreeningProcessor extends WorkerHost {
  private readonly logger = new Logger(ScreeningProcessor.name);

  constructor(
    private readonly screening: ScreeningService,
    private readonly analysis: AnalysisService,
    private readonly jobs: JobProgressService,
  ) {
    super();
  }

  async process(job: Job<RescreenSubjectsPayload>): Promise<{ subjects: number; hits: number }> {
    switch (job.name as ScreeningJobName) {
      case ScreeningJobName.RescreenSubjects: {
        const requestedBy = systemActor('screening');
        const reason = `${job.data.listSource} list reloaded`;
        // Progress records for the console (ids derived from the BullMQ job's, so a retry finds them).
        const id = progressIdOf(job.id);
        const result = await this.jobs.run({ id, kind: 'list_rescreen', requestedBy, detail: { listSource: job.data.listSource } }, () => this.screening.rescreenAll(), (done) => done.subjects);
        // New hits change risk scores: every analysed report is scored again, each analysis counting towards one record.
        const reanalysis = await this.jobs.fanOut({ id: derivedJobId(id, 'reanalysis'), kind: 'reanalysis', requestedBy, detail: { reason } }, (progressJobId) =>
          this.analysis.reanalyseAll(reason, progressJobId),
        );
        this.logger.log({ jobId: job.id, listSource: job.data.listSource, ...result, reanalysis }, 'subjects re-screened');
        return result;
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${SCREENING_QUEUE}`);
    }
  }
}
