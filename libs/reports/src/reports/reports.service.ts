import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ReportsErrorCode, ReportsException } from '../reports.errors';
import type { AuthenticatedEntity } from '../reporting-entities/reporting-entities.service';
import { ReportAcknowledgementResponse, ReportListResponse } from './dto/report-acknowledgement.response';
import { ReportEvent } from './report-event.entity';
import { loadAcknowledgement } from './load-acknowledgement';
import { Report, ReportStatus } from './report.entity';
import { SubmissionResult, SubmitReportUseCase } from './usecases/submit-report.usecase';
import { GoamlFormat } from '../goaml/goaml-format.service';
import { exportGoamlXml } from '../goaml/goaml-exporter';
import { ReportAttachment } from '../goaml/model/report-attachment.entity';
import { readZipUpload, ZipUpload, ZipUploadError } from '../goaml/zip/zip-upload';
import { EnvironmentVariables } from '@fiu/core';

/** A party as analysis sees it: plain values, no ORM entity. */
export interface PartyForAnalysis {
  id: string;
  kind: 'person' | 'entity' | 'account';
  place: string;
  displayName: string | null;
  firstName: string | null;
  lastName: string | null;
  birthdate: string | null;
  nationality: string | null;
  postcode: string | null;
  city: string | null;
  street: string | null;
  identifiers: { kind: string; value: string; issuingCountry: string | null }[];
}

/** What analysis needs to know of a report; the entity itself stays inside this service. */
export interface ReportForAnalysis {
  id: string;
  version: number;
  status: ReportStatus;
}

export interface SubmitOptions {
  idempotencyKey?: string;
  amendsReportId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly submitReport: SubmitReportUseCase,
    private readonly goaml: GoamlFormat,
    private readonly config: EnvironmentVariables,
  ) {}

  /** Files a report in the JSON form of goAML; see SubmitReportUseCase for versions, corrections and idempotency. */
  submitJson(filer: AuthenticatedEntity, body: unknown, rawDocument: Buffer, options: SubmitOptions = {}): Promise<SubmissionResult> {
    return this.submitReport.execute({
      filer,
      contentType: 'application/json',
      document: rawDocument,
      parsed: this.goaml.parseJson(filer.code, body),
      ...options,
    });
  }

  /** Files a goAML XML report. */
  async submitXml(filer: AuthenticatedEntity, document: Buffer, options: SubmitOptions = {}): Promise<SubmissionResult> {
    return this.submitReport.execute({
      filer,
      contentType: 'application/xml',
      document,
      parsed: await this.goaml.parseXml(filer.code, document),
      ...options,
    });
  }

  /** Files a ZIP holding one goAML XML and its attachments; the ZIP itself is kept as the document. */
  async submitZip(filer: AuthenticatedEntity, zip: Buffer, options: SubmitOptions = {}): Promise<SubmissionResult> {
    let upload: ZipUpload;
    try {
      upload = await readZipUpload(zip, this.config.MAX_REPORT_BYTES);
    } catch (error) {
      if (!(error instanceof ZipUploadError)) throw error;
      throw new ReportsException(ReportsErrorCode.ValidationFailed, error.message, [{ path: '/', code: error.code, severity: 'fatal', message: error.message }]);
    }
    const parsed = await this.goaml.parseXml(filer.code, upload.report.content);
    const persistReport = parsed.persistModel;
    parsed.persistModel = async (manager, reportId) => {
      await persistReport?.(manager, reportId);
      for (const file of upload.attachments) {
        await manager.insert(ReportAttachment, { reportId, fileName: file.name, contentType: file.contentType, size: file.size, sha256: file.sha256, content: file.content });
      }
    };
    return this.submitReport.execute({ filer, contentType: 'application/zip', document: zip, parsed, ...options });
  }

  /** The entity's own report as goAML XML, rebuilt from what was stored. */
  async exportXml(filer: AuthenticatedEntity | null, id: string): Promise<string> {
    const report = UUID.test(id) ? await this.dataSource.manager.findOneBy(Report, filer ? { id, entityId: filer.id } : { id }) : null;
    if (!report) throw new ReportsException(ReportsErrorCode.ReportNotFound, `No report ${id} for this entity`);
    if (!report.headerElements) {
      throw new ReportsException(ReportsErrorCode.NotExportable, `Report ${report.fiuRef} was ${report.status}; only its original document is kept`);
    }
    return exportGoamlXml(this.dataSource.manager, report.id, report.headerElements);
  }

  /** Amends an accepted report with a new version; the old version stays, marked superseded. */
  async amend(filer: AuthenticatedEntity, reportId: string, submit: (options: SubmitOptions) => Promise<SubmissionResult>, idempotencyKey?: string) {
    const target = UUID.test(reportId) ? await this.dataSource.manager.findOneBy(Report, { id: reportId, entityId: filer.id }) : null;
    if (!target) throw new ReportsException(ReportsErrorCode.ReportNotFound, `No report ${reportId} for this entity`);
    return submit({ idempotencyKey, amendsReportId: target.id });
  }

  /** A filer's own report; another entity's report is "not found", never "forbidden". */
  async findOwn(filer: AuthenticatedEntity, id: string): Promise<ReportAcknowledgementResponse> {
    const report = UUID.test(id) ? await this.dataSource.manager.findOneBy(Report, { id, entityId: filer.id }) : null;
    if (!report) throw new ReportsException(ReportsErrorCode.ReportNotFound, `No report ${id} for this entity`);
    return loadAcknowledgement(this.dataSource.manager, report);
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

  /** The report's parties with their identifiers and first address, in document order. */
  async partiesForAnalysis(manager: EntityManager, reportId: string): Promise<PartyForAnalysis[]> {
    const rows = (await manager.query(
      `SELECT p.id, p.kind, p.place, p.display_name, p.first_name, p.last_name, p.birthdate::text AS birthdate, p.nationality,
              a.zip AS postcode, a.city, a.address AS street,
              COALESCE((SELECT json_agg(json_build_object('kind', i.kind, 'value', i.value, 'issuingCountry', i.issuing_country) ORDER BY i.id)
                          FROM party_identifiers i WHERE i.party_id = p.id), '[]') AS identifiers
         FROM report_parties p
         LEFT JOIN LATERAL (SELECT zip, city, address FROM party_addresses WHERE party_id = p.id ORDER BY id LIMIT 1) a ON true
        WHERE p.report_id = $1
        ORDER BY p.path, p.id`,
      [reportId],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      id: row.id as string,
      kind: row.kind as PartyForAnalysis['kind'],
      place: row.place as string,
      displayName: row.display_name as string | null,
      firstName: row.first_name as string | null,
      lastName: row.last_name as string | null,
      birthdate: row.birthdate as string | null,
      nationality: row.nationality as string | null,
      postcode: row.postcode as string | null,
      city: row.city as string | null,
      street: row.street as string | null,
      identifiers: row.identifiers as PartyForAnalysis['identifiers'],
    }));
  }

  /** Records on the report that its analysis failed for good, so staff see it (and can re-run it). */
  async recordAnalysisFailure(id: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(Report, { id }, { analysisError: reason.slice(0, 2000) });
      if (result.affected) await manager.insert(ReportEvent, { reportId: id, status: 'analysis_failed', detail: reason.slice(0, 2000) });
    });
  }

  /** Moves an accepted report to `analysed`, once: a second call changes nothing. */
  async markAnalysed(manager: EntityManager, id: string, detail: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Report)
      .set({ status: 'analysed', analysisError: null })
      .where('id = :id AND status IN (:...from)', { id, from: ['accepted', 'accepted_with_warnings'] })
      .execute();
    if (!result.affected) return false;
    await manager.insert(ReportEvent, { reportId: id, status: 'analysed', detail });
    return true;
  }

}
