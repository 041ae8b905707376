import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../actor/actor';
import { JobProgress, type JobKind } from './job-progress.entity';
import { JobListQueryDto, JobPageResponse, JobResponse } from './job.dto';
import { ProgressThrottle, ProgressTracker } from './progress-throttle';

/** At most one progress write per job per process per interval. */
export const JOB_PROGRESS_INTERVAL_MS = 1000;
const ERROR_MAX = 2000;

export interface NewJob {
  /** The BullMQ job id when one queued job is the whole work (so a retry finds its row), else omitted. */
  id?: string;
  kind: JobKind;
  requestedBy: Actor;
  total?: number | null;
  /** Names of lists, counts, reasons: never report content. */
  detail?: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A BullMQ job id as a progress id when it is a uuid (the outbox's ids are), so a retried job finds its row. */
export const progressIdOf = (jobId: string | undefined): string | undefined => (jobId && UUID.test(jobId) ? jobId : undefined);

/** A stable uuid for a second record a job makes (e.g. the re-analysis a re-screening starts), the same on every retry. */
export function derivedJobId(base: string | undefined, part: string): string | undefined {
  if (!base) return undefined;
  const hex = createHash('sha256').update(`${base}:${part}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface PendingItems {
  done: number;
  failed: number;
  throttle: ProgressThrottle;
  timer: NodeJS.Timeout | null;
}

/**
 * One job-progress record per long job (list reload, re-screening, re-analysis, large batch
 * files), written by the workers as they go and read by the console's GET /v1/jobs.
 */
@Injectable()
export class JobProgressService implements OnApplicationShutdown {
  private readonly logger = new Logger(JobProgressService.name);
  private readonly pending = new Map<string, PendingItems>();

  constructor(private readonly dataSource: DataSource) {}

  /** Records a job as queued (or finds it, when its id was recorded before: a retried job). Returns its id. */
  async create(input: NewJob, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO job_progress (id, kind, total, requested_by_type, requested_by_id, requested_by_name, detail)
       VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET updated_at = job_progress.updated_at RETURNING id`,
      [input.id ?? null, input.kind, input.total ?? null, input.requestedBy.type, input.requestedBy.id, input.requestedBy.name, input.detail ?? {}],
    )) as { id: string }[];
    return row.id;
  }

  /** The job began (again, after a retry: its error is cleared). */
  async start(id: string, total: number | null = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_progress SET state = 'running', started_at = coalesce(started_at, now()), total = coalesce($2, total), error = NULL, finished_at = NULL, updated_at = now() WHERE id = $1`,
      [id, total],
    );
  }

  /** A tracker for a job that runs its own loop; it writes at most once per interval. */
  tracker(id: string, total: number | null = null, throttle = new ProgressThrottle(JOB_PROGRESS_INTERVAL_MS)): ProgressTracker {
    return new ProgressTracker(id, total, (done, known) => this.write(id, done, known), throttle);
  }

  async finish(id: string, counts: { done?: number; total?: number | null } = {}): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_progress SET state = 'done', done = coalesce($2, total, done), total = coalesce($3, total, $2, done), finished_at = now(), updated_at = now() WHERE id = $1`,
      [id, counts.done ?? null, counts.total ?? null],
    );
  }

  /** The job failed for good. The message is cut short; callers pass words, never data. */
  async fail(id: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE job_progress SET state = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1`, [id, error.slice(0, ERROR_MAX)]);
  }

  /**
   * Runs a job from start to done (or failed, rethrowing), with a tracker for its progress; `count`
   * reads the number of items from the result when the work does not advance the tracker itself.
   */
  async run<T>(input: NewJob, work: (tracker: ProgressTracker) => Promise<T>, count?: (result: T) => number): Promise<T> {
    const id = await this.create(input);
    await this.start(id, input.total ?? null);
    const tracker = this.tracker(id, input.total ?? null);
    try {
      const result = await work(tracker);
      const done = count ? count(result) : tracker.done;
      await this.finish(id, { done, total: count ? done : (tracker.total ?? done) });
      return result;
    } catch (error) {
      await this.fail(id, failure(error));
      throw error;
    }
  }

  /**
   * A job fanned out as one queued job per item: its record exists before the items are queued
   * (they carry its id and count themselves done, see countItem), then gets its total. A fan-out
   * that queued nothing leaves no record.
   */
  async fanOut(input: NewJob, queue: (progressJobId: string) => Promise<number>): Promise<number> {
    const id = await this.create(input);
    await this.start(id);
    try {
      const queued = await queue(id);
      if (queued === 0) await this.dataSource.query('DELETE FROM job_progress WHERE id = $1 AND done = 0', [id]);
      else await this.setTotal(id, queued);
      return queued;
    } catch (error) {
      await this.fail(id, failure(error));
      throw error;
    }
  }

  /**
   * Sets the total of a fanned-out job (one queued job per item); it is done once that many items
   * were counted, whichever comes first.
   */
  async setTotal(id: string, total: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_progress SET total = $2, state = CASE WHEN done >= $2 THEN 'done' ELSE 'running' END,
              started_at = coalesce(started_at, now()), finished_at = CASE WHEN done >= $2 THEN now() ELSE NULL END, updated_at = now()
        WHERE id = $1`,
      [id, total],
    );
  }

  /**
   * One item of a fanned-out job finished (each item is its own queued job, e.g. a report's
   * analysis). Counted in memory and written at most once per interval per job, so a thousand
   * items cost a few updates; a job counted twice (a retry) never passes its total.
   */
  countItem(id: string, outcome: 'done' | 'failed' = 'done'): void {
    let entry = this.pending.get(id);
    if (!entry) {
      entry = { done: 0, failed: 0, throttle: new ProgressThrottle(JOB_PROGRESS_INTERVAL_MS), timer: null };
      this.pending.set(id, entry);
    }
    entry.done += 1;
    if (outcome === 'failed') entry.failed += 1;
    if (entry.timer) return;
    const pending = entry;
    if (pending.throttle.due()) {
      void this.flushOne(id);
    } else {
      pending.timer = setTimeout(() => {
        pending.timer = null;
        pending.throttle.due();
        void this.flushOne(id);
      }, pending.throttle.wait());
      pending.timer.unref();
    }
  }

  /** Writes every count held in memory (at shutdown, and in tests). */
  async flush(): Promise<void> {
    for (const [id, entry] of this.pending) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = null;
      await this.flushOne(id);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  async list(query: JobListQueryDto): Promise<JobPageResponse> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const rows = (await this.dataSource.query(
      `SELECT *, count(*) OVER ()::int AS full_count FROM job_progress
        WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR state = $2)
        ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [query.kind ?? null, query.state ?? null, limit, offset],
    )) as (JobRow & { full_count: number })[];
    const total = rows[0]?.full_count ?? (offset > 0 ? await this.count(query) : 0);
    return { items: rows.map((row) => JobResponse.from(row)), total, limit, offset };
  }

  async get(id: string): Promise<JobResponse | null> {
    const [row] = (await this.dataSource.query('SELECT * FROM job_progress WHERE id = $1', [id])) as JobRow[];
    return row ? JobResponse.from(row) : null;
  }

  private async count(query: JobListQueryDto): Promise<number> {
    const [{ count }] = (await this.dataSource.query('SELECT count(*)::int AS count FROM job_progress WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR state = $2)', [
      query.kind ?? null,
      query.state ?? null,
    ])) as { count: number }[];
    return count;
  }

  private async write(id: string, done: number, total: number | null): Promise<void> {
    await this.dataSource.query(`UPDATE job_progress SET done = $2, total = coalesce($3, total), updated_at = now() WHERE id = $1 AND state = 'running'`, [id, done, total]);
  }

  private async flushOne(id: string): Promise<void> {
    const entry = this.pending.get(id);
    if (!entry || entry.done === 0) return;
    const { done, failed } = entry;
    entry.done = 0;
    entry.failed = 0;
    try {
      // Column references on the right are the old values: the state turns done when this write reaches the total.
      await this.dataSource.query(
        `UPDATE job_progress SET done = CASE WHEN total IS NULL THEN done + $2 ELSE LEAST(done + $2, total) END,
                failed_items = failed_items + $3,
                state = CASE WHEN state IN ('queued', 'running') AND total IS NOT NULL AND done + $2 >= total THEN 'done'
                             WHEN state = 'queued' THEN 'running' ELSE state END,
                started_at = coalesce(started_at, now()),
                finished_at = CASE WHEN finished_at IS NULL AND total IS NOT NULL AND done + $2 >= total THEN now() ELSE finished_at END,
                updated_at = now()
          WHERE id = $1`,
        [id, done, failed],
      );
      if (entry.done === 0 && !entry.timer) this.pending.delete(id);
    } catch (error) {
      // Progress is for display: a failed write is logged and the counts are kept for the next one.
      entry.done += done;
      entry.failed += failed;
      this.logger.warn({ jobId: id, err: error instanceof Error ? error.name : 'error' }, 'could not write job progress');
    }
  }
}

const failure = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : 'failed');

export interface JobRow {
  id: string;
  kind: JobKind;
  state: JobProgress['state'];
  done: number;
  failed_items: number;
  total: number | null;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  requested_by_type: string;
  requested_by_id: string;
  requested_by_name: string | null;
  detail: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}
