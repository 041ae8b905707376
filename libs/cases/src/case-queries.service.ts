import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@fiu/audit';
import type { Actor } from '@fiu/core';
import { CASE_STATUSES, type CaseStatus } from './casework.entities';
import { CaseBoardQueryDto, CaseFilterDto, CaseListQueryDto } from './dto/case.dto';
import { CaseBoardResponse, CasePageResponse, CaseSummaryResponse, CaseSummaryRow } from './dto/case.response';

/** A case as a list row or a board card: counts, the assignee's name, the riskiest report, the open disseminations. */
const CARD_COLUMNS = `c.id, c.ref, c.title, c.status, c.assignee_id, u.username AS assignee_name, c.created_at, c.updated_at,
       (SELECT count(*)::int FROM case_reports cr WHERE cr.case_id = c.id) AS reports,
       (SELECT count(*)::int FROM case_subjects cs WHERE cs.case_id = c.id) AS subjects,
       top.score AS highest_score, top.band AS highest_band,
       (SELECT count(*)::int FROM disseminations d WHERE d.case_id = c.id AND d.status IN ('draft', 'approved')) AS open_disseminations`;
const CARD_JOINS = `LEFT JOIN staff_users u ON u.id = c.assignee_id
  LEFT JOIN LATERAL (
    SELECT a.score, a.band FROM case_reports cr JOIN reports r ON r.id = cr.report_id
      JOIN analysis_results a ON a.report_id = r.id AND a.report_version = r.version
     WHERE cr.case_id = c.id ORDER BY a.score DESC LIMIT 1) top ON true`;

/** Text for ILIKE, with its wildcards taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** The WHERE clause of the shared filters, with numbered parameters after those already taken. */
function filterClause(filter: CaseFilterDto, parameters: unknown[]): string {
  const conditions: string[] = [];
  const add = (value: unknown, condition: (placeholder: string) => string) => {
    if (value === undefined || value === null) return;
    parameters.push(value);
    conditions.push(condition(`$${parameters.length}`));
  };
  add(filter.assigneeId, (p) => `c.assignee_id = ${p}`);
  add(filter.q ? likePattern(filter.q) : undefined, (p) => `(c.ref ILIKE ${p} OR c.title ILIKE ${p})`);
  add(filter.reportId, (p) => `EXISTS (SELECT 1 FROM case_reports x WHERE x.case_id = c.id AND x.report_id = ${p})`);
  add(filter.subjectId, (p) => `EXISTS (SELECT 1 FROM case_subjects x WHERE x.case_id = c.id AND x.subject_id = ${p})`);
  add(filter.from, (p) => `c.created_at >= ${p}::date`);
  add(filter.to, (p) => `c.created_at < ${p}::date + 1`);
  return conditions.length ? conditions.join(' AND ') : 'true';
}

/** The case list with its filters, and the board by status. */
@Injectable()
export class CaseQueriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: CaseListQueryDto, actor: Actor): Promise<CasePageResponse> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const parameters: unknown[] = [];
    let where = filterClause(query, parameters);
    if (query.status) {
      parameters.push(query.status);
      where += ` AND c.status = $${parameters.length}`;
    }
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM cases c WHERE ${where}`, parameters)) as { total: number }[];
    const rows = (await this.dataSource.query(
      `SELECT ${CARD_COLUMNS} FROM cases c ${CARD_JOINS} WHERE ${where} ORDER BY c.updated_at DESC, c.id LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
      [...parameters, limit, offset],
    )) as CaseSummaryRow[];
    await this.audit.record(actor, { action: 'case.list', objectType: 'case', detail: { ...query } });
    return { items: rows.map((row) => CaseSummaryResponse.from(row)), total, limit, offset };
  }

  /** One column per status (workflow order), each with its total and one page of cards, in two queries whatever the number of columns. */
  async board(query: CaseBoardQueryDto, actor: Actor): Promise<CaseBoardResponse> {
    const perColumn = query.perColumn ?? 20;
    const offset = query.offset ?? 0;
    const statuses: CaseStatus[] = query.column ? [query.column] : CASE_STATUSES.filter((status) => query.includeArchived || status !== 'archived');
    const parameters: unknown[] = [statuses];
    const where = `c.status = ANY($1::text[]) AND ${filterClause(query, parameters)}`;
    const totals = (await this.dataSource.query(`SELECT c.status, count(*)::int AS total FROM cases c WHERE ${where} GROUP BY c.status`, parameters)) as {
      status: CaseStatus;
      total: number;
    }[];
    const rows = (await this.dataSource.query(
      // Ranked on the bare table first, so the card columns are computed for the page only.
      `WITH ranked AS (
         SELECT c.id, row_number() OVER (PARTITION BY c.status ORDER BY c.updated_at DESC, c.id) AS position FROM cases c WHERE ${where})
       SELECT ${CARD_COLUMNS} FROM ranked JOIN cases c ON c.id = ranked.id ${CARD_JOINS}
        WHERE ranked.position > $${parameters.length + 1} AND ranked.position <= $${parameters.length + 2}
        ORDER BY ranked.position`,
      [...parameters, offset, offset + perColumn],
    )) as CaseSummaryRow[];
    await this.audit.record(actor, { action: 'case.board', objectType: 'case', detail: { ...query } });
    return {
      columns: statuses.map((status) => {
        const total = totals.find((row) => row.status === status)?.total ?? 0;
        const cards = rows.filter((row) => row.status === status).map((row) => CaseSummaryResponse.from(row));
        return { status, total, offset, hasMore: offset + cards.length < total, cards };
      }),
    };
  }
}
