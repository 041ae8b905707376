import { Injectable } from '@nestjs/common';
import type { Actor } from '@fiu/core';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { CaseworkErrorCode, CaseworkException, invalid, notFound, UUID } from './casework.errors';
import { TRIAGE_STATUSES, TriageStatus } from './casework.entities';

export interface TriageFilter {
  reportCode?: string;
  sector?: string;
  entityCode?: string;
  from?: string;
  to?: string;
  indicator?: string;
  band?: string;
  status?: string;
  assignee?: string;
  limit?: number;
  offset?: number;
}

export interface TriageItem {
  reportId: string;
  fiuRef: string;
  reportCode: string | null;
  entity: { code: string; name: string; sector: string };
  receivedAt: string;
  indicators: string[];
  score: number;
  band: string;
  status: TriageStatus;
  assigneeId: string | null;
  analysisError: string | null;
}

export interface TriagePage {
  items: TriageItem[];
  /** Matching reports, counted up to TRIAGE_COUNT_CAP. */
  total: number;
  totalIsCapped: boolean;
  limit: number;
  offset: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const TRIAGE_PAGE_MAX = 200;
/** `total` counts at most this many; the console shows "10,000+" when it is reached. */
export const TRIAGE_COUNT_CAP = 10_000;

/**
 * The triage queue: analysed reports (current versions), highest score first (ties by report id,
 * the order the (score, report_id) index serves, so a page stops after its rows), with their place in
 * triage. A report has no triage row until someone acts on it: it is "new".
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Builds the queue's WHERE clause from a filter; exported for the console benchmark's bare-SQL twin. */
  static where(filter: TriageFilter): { sql: string; parameters: unknown[] } {
    const parameters: unknown[] = [];
    const clauses = ["r.status = 'analysed'", 'r.superseded_at IS NULL'];
    const add = (clause: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      clauses.push(clause(`$${parameters.length}`));
    };
    if (filter.reportCode) add((p) => `r.report_code = ${p}`, filter.reportCode);
    if (filter.sector) add((p) => `e.sector = ${p}`, filter.sector);
    if (filter.entityCode) add((p) => `e.code = ${p}`, filter.entityCode);
    if (filter.from) {
      if (!DATE.test(filter.from)) throw invalid('from must be YYYY-MM-DD');
      add((p) => `r.received_at >= ${p}::date`, filter.from);
    }
    if (filter.to) {
      if (!DATE.test(filter.to)) throw invalid('to must be YYYY-MM-DD');
      add((p) => `r.received_at < ${p}::date + 1`, filter.to);
    }
    if (filter.indicator) add((p) => `${p} = ANY(r.indicators)`, filter.indicator);
    if (filter.band) {
      if (!['high', 'medium', 'low'].includes(filter.band)) throw invalid('band must be high, medium or low');
      add((p) => `a.band = ${p}`, filter.band);
    }
    if (filter.status) {
      if (!TRIAGE_STATUSES.includes(filter.status as TriageStatus)) throw invalid(`status must be one of ${TRIAGE_STATUSES.join(', ')}`);
      add((p) => `coalesce(t.status, 'new') = ${p}`, filter.status);
    }
    if (filter.assignee) {
      if (!UUID.test(filter.assignee)) throw invalid('assignee must be a staff id');
      add((p) => `t.assignee_id = ${p}`, filter.assignee);
    }
    return { sql: clauses.join(' AND '), parameters };
  }

  async list(filter: TriageFilter, actor: Actor): Promise<TriagePage> {
    const limit = Math.max(1, Math.min(TRIAGE_PAGE_MAX, Math.trunc(Number(filter.limit ?? 50)) || 50));
    const offset = Math.max(0, Math.trunc(Number(filter.offset ?? 0)) || 0);
    const { sql, parameters } = TriageService.where(filter);
    const from = `FROM reports r
      JOIN analysis_results a ON a.report_id = r.id AND a.report_version = r.version
      JOIN reporting_entities e ON e.id = r.entity_id
      LEFT JOIN report_triage t ON t.report_id = r.id
     WHERE ${sql}`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT r.id, r.fiu_ref, r.report_code, e.code, e.name, e.sector, r.received_at, r.indicators, a.score, a.band,
                coalesce(t.status, 'new') AS status, t.assignee_id, r.analysis_error
           ${from}
          ORDER BY a.score DESC, a.report_id
          LIMIT ${limit} OFFSET ${offset}`,
        parameters,
      ) as Promise<Record<string, unknown>[]>,
      // Counted up to a cap: an exact count over a large queue costs more than the page itself.
      this.dataSource.query(`SELECT count(*)::int AS total FROM (SELECT 1 ${from} LIMIT ${TRIAGE_COUNT_CAP}) capped`, parameters) as Promise<{ total: number }[]>,
    ]);
    await this.audit.record(actor, { action: 'triage.list', objectType: 'triage', detail: { filter: { ...filter }, returned: rows.length } });
    return {
      items: rows.map((row) => ({
        reportId: row.id as string,
        fiuRef: row.fiu_ref as string,
        reportCode: row.report_code as string | null,
        entity: { code: row.code as string, name: row.name as string, sector: row.sector as string },
        receivedAt: (row.received_at as Date).toISOString(),
        indicators: row.indicators as string[],
        score: row.score as number,
        band: row.band as string,
        status: row.status as TriageStatus,
        assigneeId: row.assignee_id as string | null,
        analysisError: row.analysis_error as string | null,
      })),
      total,
      totalIsCapped: total >= TRIAGE_COUNT_CAP,
      limit,
      offset,
    };
  }

  /** Takes a report into review: the caller becomes its assignee, unless someone else already has it. */
  async claim(reportId: string, actor: Actor) {
    return this.change(reportId, actor, 'triage.claim', async (manager, current) => {
      if (current.assignee_id && current.assignee_id !== actor.id) {
        throw new CaseworkException(CaseworkErrorCode.AlreadyClaimed, 'This report is already assigned to someone else; a supervisor can reassign it');
      }
      if (!['new', 'in_review'].includes(current.status)) throw this.transition(current.status, 'in_review');
      return { status: 'in_review' as const, assigneeId: actor.id };
    });
  }

  /** A supervisor hands a report to an analyst (or takes it back into the pool with null). */
  async assign(reportId: string, assigneeId: string | null, actor: Actor) {
    if (assigneeId !== null && !UUID.test(assigneeId)) throw invalid('assigneeId must be a staff id or null');
    return this.change(reportId, actor, 'triage.assign', async (manager, current) => {
      if (assigneeId) {
        const [staff] = (await manager.query('SELECT role FROM staff_users WHERE id = $1', [assigneeId])) as { role: string }[];
        if (!staff || !['analyst', 'supervisor'].includes(staff.role)) throw invalid('the assignee must be an analyst or a supervisor');
      }
      if (!['new', 'in_review'].includes(current.status)) throw this.transition(current.status, 'in_review');
      return { status: assigneeId ? ('in_review' as const) : ('new' as const), assigneeId };
    });
  }

  async close(reportId: string, reason: string, actor: Actor) {
    if (typeof reason !== 'string' || !reason.trim() || reason.length > 2000) throw invalid('a reason (1-2000 characters) is required to close a report without action');
    return this.change(reportId, actor, 'triage.close', async (_manager, current) => {
      if (!['new', 'in_review'].includes(current.status)) throw this.transition(current.status, 'closed_no_action');
      return { status: 'closed_no_action' as const, assigneeId: current.assignee_id ?? actor.id, closingReason: reason.trim() };
    });
  }

  /** Called by the cases service in its own transaction when a report joins a case. */
  async markLinked(manager: EntityManager, reportId: string): Promise<void> {
    await manager.query(
      `INSERT INTO report_triage (report_id, status) VALUES ($1, 'linked_to_case')
       ON CONFLICT (report_id) DO UPDATE SET status = 'linked_to_case', updated_at = now()`,
      [reportId],
    );
  }

  private transition(from: string, to: string) {
    return new CaseworkException(CaseworkErrorCode.InvalidTransition, `A report in triage status "${from}" cannot move to "${to}"`);
  }

  private async change(
    reportId: string,
    actor: Actor,
    action: string,
    decide: (manager: EntityManager, current: { status: TriageStatus; assignee_id: string | null }) => Promise<{ status: TriageStatus; assigneeId: string | null; closingReason?: string }>,
  ) {
    if (!UUID.test(reportId)) throw notFound(`report ${reportId}`);
    return this.dataSource.transaction(async (manager) => {
      const [report] = (await manager.query(
        `SELECT r.id, coalesce(t.status, 'new') AS status, t.assignee_id FROM reports r LEFT JOIN report_triage t ON t.report_id = r.id
          WHERE r.id = $1 AND r.status = 'analysed' FOR UPDATE OF r`,
        [reportId],
      )) as { id: string; status: TriageStatus; assignee_id: string | null }[];
      if (!report) throw notFound(`analysed report ${reportId}`);
      const next = await decide(manager, report);
      await manager.query(
        `INSERT INTO report_triage (report_id, status, assignee_id, closing_reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (report_id) DO UPDATE SET status = EXCLUDED.status, assignee_id = EXCLUDED.assignee_id, closing_reason = EXCLUDED.closing_reason, updated_at = now()`,
        [reportId, next.status, next.assigneeId, next.closingReason ?? null],
      );
      await this.audit.record(actor, { action, objectType: 'report', objectId: reportId, detail: { from: report.status, to: next.status, assigneeId: next.assigneeId } }, manager);
      return { reportId, status: next.status, assigneeId: next.assigneeId };
    });
  }
}
