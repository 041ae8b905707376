import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ANALYSIS_QUEUE, AnalysisJobName, type Actor } from '@fiu/core';
import { ReportsService } from '@fiu/reports';
import { AuditService } from '@fiu/audit';
import { AnalysisErrorCode, AnalysisException } from './analysis.errors';
import { EntityResolutionService } from './resolution/entity-resolution.service';
import { scoreFindings } from './typologies/risk-score';
import { TypologyService } from './typologies/typology.service';
import { ScreeningService } from './screening/screening.service';
import { normaliseName } from './normalisation/names';

export type AnalysisOutcome = 'analysed' | 'reanalysed' | 'already_analysed' | 'report_missing';

/**
 * Analyses one version of a report: entity resolution and screening of every party, the report's
 * edges in the transaction network, the typology rules, and an explained risk score. Every effect
 * is keyed on (report id, version): running the job again with the same rules and lists changes
 * nothing; after a change of rules or lists it updates the score and its explanation.
 */
@Injectable()
export class AnalysisService {
  private readonly logger = new Logger(AnalysisService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly resolution: EntityResolutionService,
    private readonly typologies: TypologyService,
    private readonly audit: AuditService,
    private readonly screening: ScreeningService,
  ) {}

  async analyseReport(reportId: string): Promise<AnalysisOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const report = await this.reports.lockForAnalysis(manager, reportId);
      if (!report) {
        // Permanent: retrying cannot make the report appear.
        this.logger.error({ reportId }, 'Analysis job names a report that does not exist');
        return 'report_missing';
      }
      const resolution = await this.resolution.resolve(manager, await this.reports.partiesForAnalysis(manager, report.id));
      await this.typologies.writeMoneyFlows(manager, report.id);
      const scored = scoreFindings(await this.typologies.evaluate(manager, report.id), this.typologies.weights(), this.typologies.version);
      const [row] = (await manager.query(
        `INSERT INTO analysis_results (report_id, report_version, outcome, score, band, rule_set, explanation)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (report_id, report_version) DO UPDATE
           SET score = EXCLUDED.score, band = EXCLUDED.band, rule_set = EXCLUDED.rule_set, explanation = EXCLUDED.explanation, updated_at = now()
         WHERE (analysis_results.score, analysis_results.band, analysis_results.rule_set, analysis_results.explanation)
               IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.band, EXCLUDED.rule_set, EXCLUDED.explanation)
         RETURNING (xmax = 0) AS inserted`,
        [report.id, report.version, { engine: 'resolution+screening+typologies', resolution }, scored.score, scored.band, scored.ruleSet, JSON.stringify(scored.explanation)],
      )) as { inserted: boolean }[];
      const moved = await this.reports.markAnalysed(manager, report.id, `analysis of version ${report.version} recorded: score ${scored.score} (${scored.band})`);
      if (row?.inserted && moved) return 'analysed';
      return row ? 'reanalysed' : 'already_analysed';
    });
  }

  /**
   * Checks what a partner FIU sent us against our own data: each name against the sanctions lists
   * and our subjects (fuzzy, pg_trgm), each identifier against our subjects' identifiers.
   */
  async crossCheck(names: { ref: string; name: string; birthdate: string | null }[], identifierKeys: string[]) {
    const checked = [];
    for (const party of names.slice(0, 200)) {
      const normalised = normaliseName(party.name, 'organisation').normalised;
      const known = normalised.length < 3
        ? []
        : ((await this.dataSource.query(
            `SELECT id, kind, display_name, similarity(search_name, $1)::float AS similarity FROM subjects
              WHERE search_name % $1 ORDER BY similarity DESC, id LIMIT 5`,
            [normalised],
          )) as { id: string; kind: string; display_name: string; similarity: number }[]);
      const hits = await this.screening.screen({ name: party.name, dateOfBirth: party.birthdate ?? undefined });
      checked.push({ ...party, knownSubjects: known, screeningHits: hits.map((hit) => ({ score: hit.score, list: hit.entry.source, ref: hit.entry.sourceRef, name: hit.matchedName, explanation: hit.explanation })) });
    }
    const identifiers = identifierKeys.length
      ? ((await this.dataSource.query('SELECT key, subject_id FROM subject_identifiers WHERE key = ANY($1) ORDER BY key', [identifierKeys])) as { key: string; subject_id: string }[])
      : [];
    return { checkedAt: new Date().toISOString(), names: checked, identifiers };
  }

  /** Records that a report's analysis failed for good (retries exhausted), on the report itself. */
  async recordPermanentFailure(reportId: string, reason: string): Promise<void> {
    await this.reports.recordAnalysisFailure(reportId, reason);
  }

  /**
   * Queues analysis again, through the outbox in the caller's transaction: for the given reports,
   * or for every report already analysed (after a change of rules or lists). Returns how many.
   */
  async requestReanalysis(manager: EntityManager, reportIds: string[] | 'all', reason: string, progressJobId?: string): Promise<number> {
    // progressJobId (when given) lets each analysis count itself towards one job-progress record.
    const rows = (await manager.query(
      `INSERT INTO outbox (queue, job_name, payload)
       SELECT $1, $2, jsonb_strip_nulls(jsonb_build_object('reportId', r.id, 'reason', $3::text, 'progressJobId', $5::uuid)) FROM reports r
        WHERE CASE WHEN $4::uuid[] IS NULL THEN r.status = 'analysed'
                   ELSE r.status IN ('accepted', 'accepted_with_warnings', 'analysed') AND r.id = ANY($4::uuid[]) END
       RETURNING id`,
      [ANALYSIS_QUEUE, AnalysisJobName.AnalyseReport, reason, reportIds === 'all' ? null : reportIds, progressJobId ?? null],
    )) as unknown[];
    return rows.length;
  }

  /** An analyst asks for a report to be analysed again (after new information): queued through the outbox, audited. */
  async reanalyseReport(reportId: string, actor: Actor): Promise<{ reportId: string; queued: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const queued = /^[0-9a-f-]{36}$/i.test(reportId) ? await this.requestReanalysis(manager, [reportId], `asked by ${actor.name}`) : 0;
      if (queued === 0) throw new AnalysisException(AnalysisErrorCode.ReportNotAnalysable, `No accepted report ${reportId} to analyse`);
      await this.audit.record(actor, { action: 'report.reanalyse', objectType: 'report', objectId: reportId }, manager);
      return { reportId, queued: true };
    });
  }

  /** Queues every analysed report for analysis again, in its own transaction. */
  async reanalyseAll(reason: string, progressJobId?: string): Promise<number> {
    return this.dataSource.transaction((manager) => this.requestReanalysis(manager, 'all', reason, progressJobId));
  }

  /**
   * Re-analyses everything once when the typology rule set changed since the last start.
   * Concurrent workers agree through the primary key: only the one that records the version queues.
   */
  async reanalyseIfRulesChanged(progressJobId?: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        'INSERT INTO typology_rule_sets (version, rules) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING RETURNING version',
        [this.typologies.version, this.typologies.rules],
      )) as unknown[];
      if (inserted.length === 0) return 0;
      const [{ count }] = (await manager.query('SELECT count(*)::int AS count FROM typology_rule_sets')) as { count: number }[];
      // The very first rule set of a database has nothing to re-analyse under older rules.
      if (count === 1) return 0;
      return this.requestReanalysis(manager, 'all', `typology rules changed to ${this.typologies.version}`, progressJobId);
    });
  }
}
