import { Injectable } from '@nestjs/common';
import type { Actor } from '@fiu/core';
import { DataSource } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { notFound } from './casework.errors';
import { AnalysisRow, CaseRefResponse, ReportPartyRow, ReportRow, ReportTransactionRow, ReportViewResponse } from './dto/report-view.response';

/** A report as an analyst reads it: narrative, parties with their subjects, transactions, analysis, triage and cases. Audited. */
@Injectable()
export class ReportViewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async read(reportId: string, actor: Actor): Promise<ReportViewResponse> {
    const [report] = (await this.dataSource.query(
      `SELECT r.id, r.fiu_ref, r.version, r.status, r.report_code, r.submission_date::text AS submission_date, r.received_at, r.reason, r.action, r.indicators,
              r.analysis_error, e.code AS entity_code, e.name AS entity_name, e.sector AS entity_sector,
              coalesce(t.status, 'new') AS triage_status, t.assignee_id
         FROM reports r JOIN reporting_entities e ON e.id = r.entity_id LEFT JOIN report_triage t ON t.report_id = r.id
        WHERE r.id = $1 AND r.status IN ('accepted', 'accepted_with_warnings', 'analysed')`,
      [reportId],
    )) as ReportRow[];
    if (!report) throw notFound(`report ${reportId}`);
    const [parties, transactions, analysis, cases] = await Promise.all([
      this.dataSource.query(
        `SELECT p.id, p.place, p.kind, p.display_name, p.birthdate::text AS birthdate, p.nationality, p.iban, p.transaction_id, l.subject_id, l.method AS link_method, l.score AS link_score
           FROM report_parties p LEFT JOIN party_subject_links l ON l.party_id = p.id WHERE p.report_id = $1 ORDER BY p.path`,
        [reportId],
      ) as Promise<ReportPartyRow[]>,
      // A timestamp without time zone, as filed: formatted in SQL so the server's zone cannot shift it.
      this.dataSource.query(
        `SELECT id, position, transaction_number, to_char(date_transaction, 'YYYY-MM-DD"T"HH24:MI:SS') AS date_transaction, transmode_code, amount_local, description
           FROM report_transactions WHERE report_id = $1 ORDER BY position`,
        [reportId],
      ) as Promise<ReportTransactionRow[]>,
      this.dataSource.query('SELECT report_version, score, band, rule_set, explanation, updated_at FROM analysis_results WHERE report_id = $1 ORDER BY report_version DESC LIMIT 1', [
        reportId,
      ]) as Promise<AnalysisRow[]>,
      this.dataSource.query('SELECT c.id, c.ref, c.status FROM case_reports cr JOIN cases c ON c.id = cr.case_id WHERE cr.report_id = $1', [reportId]) as Promise<CaseRefResponse[]>,
    ]);
    await this.audit.record(actor, { action: 'report.read', objectType: 'report', objectId: reportId });
    return ReportViewResponse.from({ report, parties, transactions, analysis: analysis[0], cases });
  }
}
