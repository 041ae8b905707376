/**
 * Queue contracts: queue names, job names and payloads. Payloads carry ids only, because
 * BullMQ stores job data in clear text in Redis and report content is confidential.
 */
export const ANALYSIS_QUEUE = 'analysis';

export enum AnalysisJobName {
  AnalyseReport = 'report.analyse',
}

/** Payload of `report.analyse`: the report to analyse. */
export interface AnalyseReportPayload {
  reportId: string;
}

/** Every message the outbox can carry, typed by queue and job name. */
export type OutboxMessage = {
  queue: typeof ANALYSIS_QUEUE;
  jobName: AnalysisJobName.AnalyseReport;
  payload: AnalyseReportPayload;
};

export const ALL_QUEUES = [ANALYSIS_QUEUE] as const;
