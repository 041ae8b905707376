import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxService, SCREENING_QUEUE, ScreeningJobName } from '@fiu/core';
import type { SanctionEntry } from './sanction-entry';
import { SanctionEntryRow } from './sanction-entry.entity';
import { DEFAULT_SCREENING_THRESHOLD, Screener, ScreeningHit, ScreeningQuery } from './screener';

export interface ListImport {
  source: string;
  entries: number;
  replaced: number;
}

/** Loads sanctions lists into PostgreSQL and screens names against them. */
@Injectable()
export class ScreeningService {
  private screener?: { version: string; screener: Screener };

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** Replaces every entry of one list in one transaction: a failed import leaves the old list in force. */
  async importList(source: 'un' | 'ofac', entries: SanctionEntry[]): Promise<ListImport> {
    return this.dataSource.transaction(async (manager) => {
      const deleted = await manager.delete(SanctionEntryRow, { source });
      const loadedAt = new Date();
      const unique = new Map(entries.map((entry) => [entry.sourceRef, entry]));
      const rows = [...unique.values()].map((entry) => ({ source, sourceRef: entry.sourceRef, kind: entry.kind, name: entry.name, entry: entry as never, loadedAt }));
      for (let start = 0; start < rows.length; start += 1000) await manager.insert(SanctionEntryRow, rows.slice(start, start + 1000));
      // Every subject is screened again against the new list, in the background.
      await this.outbox.add(manager, { queue: SCREENING_QUEUE, jobName: ScreeningJobName.RescreenSubjects, payload: { listSource: source } });
      return { source, entries: rows.length, replaced: deleted.affected ?? 0 };
    });
  }

  async screen(query: ScreeningQuery, threshold = DEFAULT_SCREENING_THRESHOLD, limit = 10): Promise<ScreeningHit[]> {
    return (await this.current()).screen(query, threshold, limit);
  }

  /** The best hit whatever its score, for batch screening that reports a score for every row. */
  async best(query: ScreeningQuery): Promise<ScreeningHit | null> {
    return (await this.current()).screen(query, 0, 1)[0] ?? null;
  }

  /** Screens every person and organisation subject again (after a list reload); hits are upserted, so a rerun is harmless. */
  async rescreenAll(batchSize = 500): Promise<{ subjects: number; hits: number }> {
    let after = '00000000-0000-0000-0000-000000000000';
    let subjects = 0;
    let hits = 0;
    for (;;) {
      const batch = (await this.dataSource.query(
        `SELECT id, display_name, birthdate::text AS birthdate FROM subjects
          WHERE kind IN ('person', 'entity') AND display_name IS NOT NULL AND id > $1 ORDER BY id LIMIT $2`,
        [after, batchSize],
      )) as { id: string; display_name: string; birthdate: string | null }[];
      if (batch.length === 0) return { subjects, hits };
      await this.dataSource.transaction(async (manager) => {
        for (const subject of batch) {
          hits += await this.screenSubject(manager, subject.id, { name: subject.display_name, dateOfBirth: subject.birthdate ?? undefined });
        }
      });
      subjects += batch.length;
      after = batch[batch.length - 1].id;
    }
  }

  /** Screens a subject's name and keeps every hit at or above the threshold; returns how many. */
  async screenSubject(manager: EntityManager, subjectId: string, query: ScreeningQuery): Promise<number> {
    // Through the caller's connection: a second connection per job could starve the pool while
    // every job's transaction waits on the resolution lock.
    const hits = (await this.current(manager)).screen(query, DEFAULT_SCREENING_THRESHOLD, 10);
    for (const hit of hits) {
      await manager.query(
        `INSERT INTO screening_hits (subject_id, source, source_ref, score, explanation, matched_name) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (subject_id, source, source_ref) DO UPDATE SET score = GREATEST(screening_hits.score, EXCLUDED.score)`,
        [subjectId, hit.entry.source, hit.entry.sourceRef, hit.score, JSON.stringify(hit.explanation), hit.matchedName],
      );
    }
    return hits.length;
  }

  /** The in-memory index, rebuilt when a list was reloaded since it was built. */
  private async current(manager: EntityManager = this.dataSource.manager): Promise<Screener> {
    const [{ version }] = (await manager.query("SELECT coalesce(max(loaded_at)::text, '') || ':' || count(*) AS version FROM sanction_entries")) as { version: string }[];
    if (this.screener?.version !== version) {
      const rows = await manager.find(SanctionEntryRow, { select: { entry: true } });
      this.screener = { version, screener: new Screener(rows.map((row) => row.entry)) };
    }
    return this.screener.screener;
  }
}
