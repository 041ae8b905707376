import { Injectable } from '@nestjs/common';
import type { Actor } from '@fiu/core';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { assertMayClose, assertMayReopen, CaseworkErrorCode, CaseworkException, invalid, notFound } from './casework.errors';
import type { TriageStatus } from './casework.entities';
import type { TriageQueryDto } from './dto/triage.dto';
import { TriageChangeResponse, TriageItemResponse, TriagePageResponse, type TriageRow } from './dto/triage.response';

/** The queue's filters and page, as the console's query DTO carries them. */
export type TriageFilter = TriageQueryDto;

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
    if (filter.from) add((p) => `r.received_at >= ${p}::date`, filter.from);
    if (filter.to) add((p) => `r.received_at < ${p}::date + 1`, filter.to);
    if (filter.indicator) add((p) => `${p} = ANY(r.indicators)`, filter.indicator);
    if (filter.band) add((p) => `a.band = ${p}`, filter.band);
    if (filter.status) add((p) => `coalesce(t.status, 'new') = ${p}`, filter.status);
    if (filter.assignee) add((p) => `t.assignee_id = ${p}`, filter.assignee);
    return { sql: clauses.join(' AND '), parameters };
  }

  async list(filter: TriageFilter, actor: Actor): Promise<TriagePageResponse> {
    // Bounds are the DTO's; integers only reach this interpolation.
    const limit = Math.trunc(filter.limit ?? 50);
    const offset = Math.trunc(filter.offset ?? 0);
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
      ) as Promise<TriageRow[]>,
      // Counted up to a cap: an exact count over a large queue costs more than the page itself.
      this.dataSource.query(`SELECT count(*)::int AS total FROM (SELECT 1 ${from} LIMIT ${TRIAGE_COUNT_CAP}) capped`, parameters) as Promise<{ total: number }[]>,
    ]);
    await this.audit.record(actor, { action: 'triage.list', objectType: 'triage', detail: { filter: { ...filter }, returned: rows.length } });
    return {
      items: rows.map((row) => TriageItemResponse.from(row)),
      total,
      totalIsCapped: total >= TRIAGE_COUNT_CAP,
      limit,
      offset,
    };
  }

  /** Takes a report into review: the caller becomes its assignee, unless someone else already has it. */
  async claim(reportId: string, actor: Actor): Promise<TriageChangeResponse> {
    return this.change(reportId, actor, 'triage.claim', async (_manager, current) => {
      if (current.assignee_id && current.assignee_id !== actor.id) {
        throw new CaseworkException(CaseworkErrorCode.AlreadyClaimed, 'This report is already assigned to someone else; a supervisor can reassign it');
      }
      if (!OPEN.includes(current.status)) throw this.transition(current.status, 'in_review');
      return { status: 'in_review', assigneeId: actor.id };
    });
  }

  /** A supervisor hands a report to an analyst (or takes it back into the pool with null). */
  async assign(reportId: string, assigneeId: string | null, actor: Actor): Promise<TriageChangeResponse> {
    return this.change(reportId, actor, 'triage.assign', async (manager, current) => {
      if (assigneeId) {
        const [staff] = (await manager.query('SELECT role FROM staff_users WHERE id = $1', [assigneeId])) as { role: string }[];
        if (!staff || !['analyst', 'supervisor'].includes(staff.role)) throw invalid('the assignee must be an analyst or a supervisor');
      }
      if (!OPEN.includes(current.status)) throw this.transition(current.status, 'in_review');
      return { status: assigneeId ? 'in_review' : 'new', assigneeId };
    });
  }

  /** Closes a report with no action: its assignee or a supervisor only, with a reason. */
  async close(reportId: string, reason: string, actor: Actor): Promise<TriageChangeResponse> {
    return this.change(reportId, actor, 'triage.close', async (_manager, current) => {
      assertMayClose(actor, current.assignee_id, 'report');
      if (!OPEN.includes(current.status)) throw this.transition(current.status, 'closed_no_action');
      return { status: 'closed_no_action', assigneeId: current.assignee_id ?? actor.id, closingReason: reason, detail: { reason } };
    });
  }

  /** A supervisor takes a report closed without action back into review, with the same assignee and a reason. */
  async reopen(reportId: string, reason: string, actor: Actor): Promise<TriageChangeResponse> {
    assertMayReopen(actor, 'report');
    return this.change(reportId, actor, 'triage.reopen', async (_manager, current) => {
      if (current.status !== 'closed_no_action') throw this.transition(current.status, 'in_review');
      return { status: 'in_review', assigneeId: current.assignee_id, detail: { reason, closingReason: current.closing_reason } };
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

  private async change(reportId: string, actor: Actor, action: string, decide: (manager: EntityManager, current: CurrentTriage) => Promise<NextTriage>): Promise<TriageChangeResponse> {
    return this.dataSource.transaction(async (manager) => {
      const [report] = (await manager.query(
        `SELECT r.id, coalesce(t.status, 'new') AS status, t.assignee_id, t.closing_reason FROM reports r LEFT JOIN report_triage t ON t.report_id = r.id
          WHERE r.id = $1 AND r.status = 'analysed' FOR UPDATE OF r`,
        [reportId],
      )) as CurrentTriage[];
      if (!report) throw notFound(`analysed report ${reportId}`);
      const next = await decide(manager, report);
      await manager.query(
        `INSERT INTO report_triage (report_id, status, assignee_id, closing_reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (report_id) DO UPDATE SET status = EXCLUDED.status, assignee_id = EXCLUDED.assignee_id, closing_reason = EXCLUDED.closing_reason, updated_at = now()`,
        [reportId, next.status, next.assigneeId, next.closingReason ?? null],
      );
      await this.audit.record(
        actor,
        { action, objectType: 'report', objectId: reportId, detail: { from: report.status, to: next.status, assigneeId: next.assigneeId, ...next.detail } },
        manager,
      );
      return { reportId, status: next.status, assigneeId: next.assigneeId };
    });
  }
}

const OPEN: TriageStatus[] = ['new', 'in_review'];

interface CurrentTriage {
  id: string;
  status: TriageStatus;
  assignee_id: string | null;
  closing_reason: string | null;
}

interface NextTriage {
  status: TriageStatus;
  assigneeId: string | null;
  closingReason?: string;
  /** Added to the audit entry, e.g. the reason given. */
  detail?: Record<string, unknown>;
}
