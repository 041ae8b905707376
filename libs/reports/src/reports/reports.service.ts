import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ReportsErrorCode, ReportsException } from '../reports.errors';
import { CreateReportDto } from './dto/create-report.dto';
import type { AuthenticatedEntity } from '../reporting-entities/reporting-entities.service';
import { ReportAcknowledgementResponse, ReportListResponse } from './dto/report-acknowledgement.response';
import { ReportEvent } from './report-event.entity';
import { Report, ReportStatus } from './report.entity';
import { SubmissionResult, SubmitReportUseCase } from './usecases/submit-report.usecase';
import { validateReportJson } from './validate-report-json';


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
    private readonly submitReport: SubmitReportUseCase,
  ) {}

  /** Files a JSON report; see SubmitReportUseCase for versions, corrections and idempotency. */
  submitJson(
    filer: AuthenticatedEntity,
    body: unknown,
    rawDocument: Buffer,
    options: { idempotencyKey?: string; amendsReportId?: string } = {},
  ): Promise<SubmissionResult> {
    const { report, errors } = validateReportJson(body);
    const reference = report?.entityReference;
    const usable = typeof reference === 'string' && reference.trim() !== '' && reference.length <= 255;
    // Only values that passed validation reach typed columns; a rejected report keeps the rest in its document.
    const valid = <K extends keyof CreateReportDto>(field: K): CreateReportDto[K] | undefined =>
      report && !errors.some((e) => e.path === `/${field}` && e.severity !== 'warning') ? report[field] : undefined;
    return this.submitReport.execute({
      filer,
      contentType: 'application/json',
      document: rawDocument,
      idempotencyKey: options.idempotencyKey,
      amendsReportId: options.amendsReportId,
      parsed: {
        entityReference: usable ? reference : null,
        reportCode: valid('reportCode'),
        submissionDate: valid('submissionDate'),
        currencyCodeLocal: valid('currencyCodeLocal'),
        fiuRefNumber: valid('fiuRefNumber'),
        prevRejectedRefNumber: valid('prevRejectedRefNumber'),
        suspicionDate: valid('suspicionDate'),
        errors,
      },
    });
  }

  /** Amends an accepted report with a new version; the old version stays, marked superseded. */
  async amendJson(filer: AuthenticatedEntity, reportId: string, body: unknown, rawDocument: Buffer, idempotencyKey?: string) {
    const target = UUID.test(reportId) ? await this.dataSource.manager.findOneBy(Report, { id: reportId, entityId: filer.id }) : null;
    if (!target) throw new ReportsException(ReportsErrorCode.ReportNotFound, `No report ${reportId} for this entity`);
    return this.submitJson(filer, body, rawDocument, { idempotencyKey, amendsReportId: target.id });
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
    const previousIds = reports.map((r) => r.previousReportId).filter((id): id is string => id !== null);
    const previous = previousIds.length ? await this.dataSource.manager.find(Report, { where: { id: In(previousIds) }, select: { id: true, fiuRef: true } }) : [];
    const fiuRefOf = new Map(previous.map((r) => [r.id, r.fiuRef]));
    const items = reports.map((r) =>
      ReportAcknowledgementResponse.from(r, events.filter((e) => e.reportId === r.id), r.previousReportId ? (fiuRefOf.get(r.previousReportId) ?? null) : null),
    );
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

  private async acknowledgement(manager: EntityManager, report: Report): Promise<ReportAcknowledgementResponse> {
    const events = await manager.find(ReportEvent, { where: { reportId: report.id }, order: { id: 'ASC' } });
    const previous = report.previousReportId ? await manager.findOneBy(Report, { id: report.previousReportId }) : null;
    return ReportAcknowledgementResponse.from(report, events, previous?.fiuRef ?? null);
  }
}
