/**
 * Queue contracts: queue names, job names and payloads. Payloads carry ids only, because
 * BullMQ stores job data in clear text in Redis and report content is confidential.
 */
export const ANALYSIS_QUEUE = 'analysis';

export enum AnalysisJobName {
  AnalyseReport = 'report.analyse',
  CrossCheckExchangeMessage = 'exchange-message.cross-check',
}

/** Payload of `exchange-message.cross-check`: a message received from a partner FIU, checked against our subjects and lists. */
export interface CrossCheckExchangeMessagePayload {
  exchangeMessageId: string;
}

/** Payload of `report.analyse`: the report to analyse. */
export interface AnalyseReportPayload {
  reportId: string;
  /** Why a report is analysed again (rules or lists changed, an analyst asked); absent the first time. */
  reason?: string;
  /** The job-progress record (job_progress) this analysis counts towards, when it is one of many (a re-analysis of everything). */
  progressJobId?: string;
}

export const SCREENING_QUEUE = 'screening';

export enum ScreeningJobName {
  RescreenSubjects = 'subjects.rescreen',
}

/** Payload of `subjects.rescreen`: which list was (re)loaded; the job screens every subject again. */
export interface RescreenSubjectsPayload {
  listSource: string;
}

export const EXCHANGE_QUEUE = 'exchange';

export enum ExchangeJobName {
  DeliverMessage = 'message.deliver',
  RemindDeadlines = 'deadlines.remind',
}

/** Payload of `message.deliver`: the outbound exchange message to seal and deliver. */
export interface DeliverMessagePayload {
  messageId: string;
}

/** Delivery retries grow exponentially from the first delay, with jitter, up to this many times the first delay. */
export const EXCHANGE_BACKOFF_CAP_FACTOR = 64;
export const EXCHANGE_BACKOFF = 'capped-exponential-jitter';

/** Every message the outbox can carry, typed by queue and job name. */
export type OutboxMessage =
  | { queue: typeof ANALYSIS_QUEUE; jobName: AnalysisJobName.AnalyseReport; payload: AnalyseReportPayload }
  | { queue: typeof ANALYSIS_QUEUE; jobName: AnalysisJobName.CrossCheckExchangeMessage; payload: CrossCheckExchangeMessagePayload }
  | { queue: typeof SCREENING_QUEUE; jobName: ScreeningJobName.RescreenSubjects; payload: RescreenSubjectsPayload }
  | { queue: typeof EXCHANGE_QUEUE; jobName: ExchangeJobName.DeliverMessage; payload: DeliverMessagePayload };

export const ALL_QUEUES = [ANALYSIS_QUEUE, SCREENING_QUEUE, EXCHANGE_QUEUE] as const;
