import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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

  constructor(private readonly dataSource: DataSource) {}

  /** Replaces every entry of one list in one transaction: a failed import leaves the old list in force. */
  async importList(source: 'un' | 'ofac', entries: SanctionEntry[]): Promise<ListImport> {
    return this.dataSource.transaction(async (manager) => {
      const deleted = await manager.delete(SanctionEntryRow, { source });
      const loadedAt = new Date();
      const unique = new Map(entries.map((entry) => [entry.sourceRef, entry]));
      const rows = [...unique.values()].map((entry) => ({ source, sourceRef: entry.sourceRef, kind: entry.kind, name: entry.name, entry: entry as never, loadedAt }));
      for (let start = 0; start < rows.length; start += 1000) await manager.insert(SanctionEntryRow, rows.slice(start, start + 1000));
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

  /** Screens a subject's name and keeps every hit at or above the threshold; returns how many. */
  async screenSubject(manager: EntityManager, subjectId: string, query: ScreeningQuery): Promise<number> {
    const hits = await this.screen(query);
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
  private async current(): Promise<Screener> {
    const [{ version }] = (await this.dataSource.query("SELECT coalesce(max(loaded_at)::text, '') || ':' || count(*) AS version FROM sanction_entries")) as { version: string }[];
    if (this.screener?.version !== version) {
      const rows = await this.dataSource.manager.find(SanctionEntryRow, { select: { entry: true } });
      this.screener = { version, screener: new Screener(rows.map((row) => row.entry)) };
    }
    return this.screener.screener;
  }
}
