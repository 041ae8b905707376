import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AnalysisJobName, ANALYSIS_QUEUE, EnvironmentVariables, OutboxService } from '@fiu/core';
import { ReportsErrorCode, ReportsException } from '../reports.errors';
import type { AuthenticatedEntity } from '../reporting-entities/reporting-entities.service';
import { ReportAcknowledgementResponse, ReportListResponse } from './dto/report-acknowledgement.response';
import { ReportEvent } from './report-event.entity';
import { Report, ReportStatus } from './report.entity';
import { validateReportJson } from './validate-report-json';

export interface SubmissionResult {
  acknowledgement: ReportAcknowledgementResponse;
  /** False when the identical document had been filed before and its acknowledgement is returned. */
  created: boolean;
}

/** What analysis needs to know of a report; the entity itself stays inside this service. */
export interface ReportForAnalysis {
  id: string;
  version: number;
  status: ReportStatus;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: EnvironmentVariables,
  ) {}

  /**
   * Validates and stores a JSON report, its first trail steps and its analysis job in one
   * transaction. The same document filed twice returns the first acknowledgement.
   */
  async submitJson(filer: AuthenticatedEntity, body: unknown, rawDocument: Buffer): Promise<SubmissionResult> {
    const { report, errors } = validateReportJson(body);
    if (!report || errors.some((e) => e.severity !== 'warning')) {
      throw new ReportsException(ReportsErrorCode.ValidationFailed, 'The report was refused; see errors', errors);
    }
    const sha256 = createHash('sha256').update(rawDocument).digest('hex');
    const status: ReportStatus = errors.length > 0 ? 'accepted_with_warnings' : 'accepted';
    const created = await this.dataSource.transaction(async (manager) => {
      const fiuRef = await this.nextFiuRef(manager);
      // ON CONFLICT DO NOTHING: a reference filed before (or by a racing request) yields no row.
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(Report)
        .values({
          fiuRef,
          entityId: filer.id,
          entityReference: report.entityReference,
          reportCode: report.reportCode,
          submissionDate: report.submissionDate.slice(0, 10),
          currencyCodeLocal: report.currencyCodeLocal,
          status,
          findings: errors,
          contentType: 'application/json',
          document: rawDocument,
          documentSha256: sha256,
        })
        .orIgnore()
        .returning(['id', 'received_at'])
        .execute();
      const row = (inserted.raw as { id: string; received_at: Date }[])[0];
      if (!row) return null;
      const events = await manager.save(
        manager.create(ReportEvent, [
          { reportId: row.id, status: 'received', detail: `SHA-256 ${sha256}` },
          { reportId: row.id, status, detail: `FIU reference ${fiuRef}` },
        ]),
      );
      await this.outbox.add(manager, { queue: ANALYSIS_QUEUE, jobName: AnalysisJobName.AnalyseReport, payload: { reportId: row.id } });
      const saved = manager.create(Report, {
        id: row.id,
        fiuRef,
        entityReference: report.entityReference,
        version: 1,
        status,
        findings: errors,
        documentSha256: sha256,
        receivedAt: row.received_at,
      });
      return ReportAcknowledgementResponse.from(saved, events);
    });
    if (created) return { acknowledgement: created, created: true };
    const existing = await this.dataSource.manager.findOneByOrFail(Report, { entityId: filer.id, entityReference: report.entityReference });
    return { acknowledgement: await this.replay(this.dataSource.manager, existing, sha256), created: false };
  }

  /** A filer's own report; another entity's report is "not found", never "forbidden". */
  async findOwn(filer: AuthenticatedEntity, id: string): Promise<ReportAcknowledgementResponse> {
    const report = UUID.test(id) ? await this.dataSource.manager.findOneBy(Report, { id, entityId: filer.id }) : null;
    if (!report) throw new ReportsException(ReportsErrorCode.ReportNotFound, `No report ${id} for this entity`);
    return this.acknowledgement(this.dataSource.manager, report);
  }

  async listOwn(filer: AuthenticatedEntity, limit: number, offset: number): Promise<ReportListResponse> {
    const [reports, total] = await this.dataSource.manager.findAndCount(Report, {
      where: { entityId: filer.id },
      order: { receivedAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    const events = reports.length
      ? await this.dataSource.manager.find(ReportEvent, { where: { reportId: In(reports.map((r) => r.id)) }, order: { id: 'ASC' } })
      : [];
    const items = reports.map((r) => ReportAcknowledgementResponse.from(r, events.filter((e) => e.reportId === r.id)));
    return { items, total, limit, offset };
  }

  /** Locks the report row for the caller's transaction, so concurrent analyses of one report serialise. */
  async lockForAnalysis(manager: EntityManager, id: string): Promise<ReportForAnalysis | null> {
    const report = await manager.findOne(Report, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return report ? { id: report.id, version: report.version, status: report.status } : null;
  }

  /** Moves an accepted report to `analysed`, once: a second call changes nothing. */
  async markAnalysed(manager: EntityManager, id: string, detail: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Report)
      .set({ status: 'analysed' })
      .where('id = :id AND status IN (:...from)', { id, from: ['accepted', 'accepted_with_warnings'] })
      .execute();
    if (!result.affected) return false;
    await manager.insert(ReportEvent, { reportId: id, status: 'analysed', detail });
    return true;
  }

  private async replay(manager: EntityManager, existing: Report, sha256: string): Promise<ReportAcknowledgementResponse> {
    if (existing.documentSha256 !== sha256) {
      throw new ReportsException(
        ReportsErrorCode.ReferenceConflict,
        `entityReference ${existing.entityReference} was already used for a different document (FIU reference ${existing.fiuRef}); ` +
          'use a new entityReference, or file a correction that names the earlier report',
      );
    }
    return this.acknowledgement(manager, existing);
  }

  private async acknowledgement(manager: EntityManager, report: Report): Promise<ReportAcknowledgementResponse> {
    const events = await manager.find(ReportEvent, { where: { reportId: report.id }, order: { id: 'ASC' } });
    return ReportAcknowledgementResponse.from(report, events);
  }

  private async nextFiuRef(manager: EntityManager): Promise<string> {
    const [{ seq }] = await manager.query("SELECT nextval('report_fiu_ref_seq')::text AS seq");
    return `${this.config.FIU_COUNTRY}-${new Date().getUTCFullYear()}-${seq.padStart(7, '0')}`;
  }
}
