import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, FindOptionsSelect } from 'typeorm';
import { AnalysisJobName, ANALYSIS_QUEUE, EnvironmentVariables, ErrorItem, OutboxService } from '@fiu/core';
import { ReportsErrorCode, ReportsException } from '../../reports.errors';
import type { AuthenticatedEntity } from '../../reporting-entities/reporting-entities.service';
import { ReportAcknowledgementResponse } from '../dto/report-acknowledgement.response';
import { IdempotencyKey } from '../idempotency-key.entity';
import { RequestsService } from '../../requests/requests.service';
import { ReportEvent } from '../report-event.entity';
import { Report, ReportStatus } from '../report.entity';
import { loadAcknowledgement } from '../load-acknowledgement';
import type { CompactElement } from '../../goaml/model/compact-element';

/** A report as the JSON or XML front-end understood it, with every problem it found. */
export interface ParsedReport {
  /** Without a usable entity reference a report cannot be keyed, so it is refused unstored. */
  entityReference: string | null;
  reportCode?: string;
  submissionDate?: string;
  currencyCodeLocal?: string;
  fiuRefNumber?: string;
  prevRejectedRefNumber?: string;
  suspicionDate?: string;
  errors: ErrorItem[];
  /** Header values that passed validation, stored on the report row. */
  details?: ReportDetails;
  /** Writes the report's normalised rows (transactions, parties, ...) once the report row exists. */
  persistModel?: (manager: EntityManager, reportId: string) => Promise<void>;
}

export interface ReportDetails {
  rentityId?: string;
  rentityBranch?: string;
  submissionCode?: string;
  reason?: string;
  action?: string;
  indicators?: string[];
  transactionCount?: number;
  headerElements?: CompactElement[];
}

export interface ReportSubmission {
  filer: AuthenticatedEntity;
  contentType: string;
  document: Buffer;
  parsed: ParsedReport;
  idempotencyKey?: string;
  /** Set on `POST /v1/reports/:id/versions`: the accepted report this submission amends. */
  amendsReportId?: string;
}

export type SubmissionOutcome = 'created' | 'rejected' | 'replayed';

export interface SubmissionResult {
  acknowledgement: ReportAcknowledgementResponse;
  outcome: SubmissionOutcome;
}

const VERSION_COLUMNS = Object.fromEntries(
  ['id', 'fiuRef', 'entityId', 'entityReference', 'version', 'previousReportId', 'supersededAt', 'status', 'findings', 'documentSha256', 'receivedAt', 'updatedAt']
    .map((column) => [column, true]),
) as FindOptionsSelect<Report>;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const ACCEPTED: ReportStatus[] = ['accepted', 'accepted_with_warnings', 'analysed'];

/**
 * Files one submission. Every submission is kept: a rejected one gets a permanent reference so
 * that its correction can name it; a correction or amendment becomes the next version under the
 * same entity reference; nothing stored is overwritten. Submissions under one entity reference
 * (and under one Idempotency-Key) are serialised with transaction-scoped advisory locks.
 */
@Injectable()
export class SubmitReportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: EnvironmentVariables,
    private readonly requests: RequestsService,
  ) {}

  async execute(submission: ReportSubmission): Promise<SubmissionResult> {
    const { filer, parsed } = submission;
    if (filer.status !== 'active') {
      throw new ReportsException(ReportsErrorCode.EntitySuspended, `Reporting entity ${filer.code} is suspended and cannot file`);
    }
    if (!parsed.entityReference) {
      const unreadable = parsed.errors.some((e) => e.severity === 'fatal' && e.code !== 'required');
      throw new ReportsException(
        ReportsErrorCode.ValidationFailed,
        unreadable ? 'The report was refused unstored: it could not be read; see errors' : 'The report was refused unstored: it has no usable entity reference',
        parsed.errors,
      );
    }
    if (submission.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(submission.idempotencyKey)) {
      throw new ReportsException(ReportsErrorCode.InvalidIdempotencyKey, 'Idempotency-Key must be 1-255 visible ASCII characters');
    }
    const entityReference = parsed.entityReference;
    const sha256 = createHash('sha256').update(submission.document).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, `ref:${filer.id}:${entityReference}`);
      if (submission.idempotencyKey) {
        await this.lock(manager, `key:${filer.id}:${submission.idempotencyKey}`);
        const replay = await this.replayIdempotencyKey(manager, filer.id, submission.idempotencyKey, sha256);
        if (replay) return replay;
      }
      // Every column but the stored documents, which can be large.
      const versions = await manager.find(Report, {
        where: { entityId: filer.id, entityReference },
        order: { version: 'DESC' },
        select: VERSION_COLUMNS,
      });
      const identical = versions.find((version) => version.documentSha256 === sha256);
      if (identical) return { acknowledgement: await loadAcknowledgement(manager, identical), outcome: 'replayed' };

      const errors = [...parsed.errors];
      const previous = await this.previousVersion(manager, submission, versions, errors);
      const answers = parsed.fiuRefNumber ? await this.requests.findOpenByReference(manager, filer.id, parsed.fiuRefNumber) : null;
      if (parsed.fiuRefNumber && !answers) {
        errors.push({
          path: submission.contentType === 'application/json' ? '/fiuRefNumber' : '/report/fiu_ref_number',
          code: 'unknown_request',
          severity: 'warning',
          message: `${parsed.fiuRefNumber} is not an open request to this entity`,
        });
      }
      const status: ReportStatus = errors.some((e) => e.severity !== 'warning')
        ? 'rejected'
        : errors.length > 0
          ? 'accepted_with_warnings'
          : 'accepted';
      const values = {
          entityId: filer.id,
          entityReference,
          version: (versions[0]?.version ?? 0) + 1,
          previousReportId: previous?.id ?? null,
          reportCode: parsed.reportCode ?? null,
          submissionDate: parsed.submissionDate?.slice(0, 10) ?? null,
          currencyCodeLocal: parsed.currencyCodeLocal ?? null,
          fiuRefNumber: parsed.fiuRefNumber ?? null,
          prevRejectedRefNumber: parsed.prevRejectedRefNumber ?? null,
          suspicionDate: parsed.suspicionDate?.slice(0, 10) ?? null,
          filingDelayDays: delayInDays(parsed.suspicionDate, parsed.submissionDate),
          rentityId: parsed.details?.rentityId ?? null,
          rentityBranch: parsed.details?.rentityBranch ?? null,
          submissionCode: parsed.details?.submissionCode ?? null,
          reason: parsed.details?.reason ?? null,
          action: parsed.details?.action ?? null,
          indicators: parsed.details?.indicators ?? [],
          transactionCount: parsed.details?.transactionCount ?? 0,
          // A rejected report keeps its original document only: there is nothing validated to export.
          headerElements: status === 'rejected' ? null : (parsed.details?.headerElements ?? null),
          status,
          findings: errors,
          contentType: submission.contentType,
          document: submission.document,
          documentSha256: sha256,
      };
      // The FIU reference is numbered inside the INSERT itself: one round trip fewer on every filing.
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(Report)
        .values({ ...values, fiuRef: () => this.fiuRefSql })
        .returning('id, fiu_ref, received_at, updated_at')
        .updateEntity(false)
        .execute();
      const row = (inserted.raw as { id: string; fiu_ref: string; received_at: Date; updated_at: Date }[])[0];
      const report = manager.create(Report, { ...values, id: row.id, fiuRef: row.fiu_ref, receivedAt: row.received_at, updatedAt: row.updated_at, supersededAt: null });
      const steps: Partial<ReportEvent>[] = [{ reportId: report.id, status: 'received', detail: `SHA-256 ${sha256}` }];
      if (previous && submission.amendsReportId && status !== 'rejected') {
        await manager.update(Report, { id: previous.id }, { supersededAt: () => 'now()' });
        await manager.insert(ReportEvent, { reportId: previous.id, status: 'superseded', detail: `by ${report.fiuRef} (version ${report.version})` });
        steps.push({ reportId: report.id, status: 'amends', detail: `${previous.fiuRef} (version ${previous.version})` });
      } else if (previous) {
        steps.push({ reportId: report.id, status: 'corrects', detail: `rejected report ${previous.fiuRef}` });
      }
      steps.push({
        reportId: report.id,
        status,
        detail: status === 'rejected' ? `${errors.filter((e) => e.severity !== 'warning').length} error(s); FIU reference ${report.fiuRef}` : `FIU reference ${report.fiuRef}`,
      });
      const events = await this.appendTrail(manager, steps);
      if (status !== 'rejected') {
        await parsed.persistModel?.(manager, report.id);
        if (answers) {
          await this.requests.markAnsweredByReport(manager, answers.id, report.id);
          events.push(...(await this.appendTrail(manager, [{ reportId: report.id, status: 'answers_request', detail: answers.reference }])));
        }
        await this.outbox.add(manager, { queue: ANALYSIS_QUEUE, jobName: AnalysisJobName.AnalyseReport, payload: { reportId: report.id } });
      }
      if (submission.idempotencyKey) {
        await manager.insert(IdempotencyKey, { entityId: filer.id, key: submission.idempotencyKey, requestSha256: sha256, reportId: report.id });
      }
      // Built from what this transaction wrote: no second read on the hot path.
      return {
        acknowledgement: ReportAcknowledgementResponse.from(report, events, previous?.fiuRef ?? null),
        outcome: status === 'rejected' ? 'rejected' : 'created',
      };
    });
  }

  /** Finds what this submission corrects or amends, adding an error when the reference is not valid. */
  private async previousVersion(
    manager: EntityManager,
    submission: ReportSubmission,
    versions: Report[],
    errors: ErrorItem[],
  ): Promise<Report | null> {
    const { filer, parsed } = submission;
    const latest = versions[0];
    if (submission.amendsReportId) {
      const target = versions.find((version) => version.id === submission.amendsReportId);
      if (!target) {
        throw new ReportsException(
          ReportsErrorCode.AmendmentMismatch,
          'An amendment must carry the same entity reference as the report it amends',
        );
      }
      if (target !== latest || !ACCEPTED.includes(target.status)) {
        throw new ReportsException(
          ReportsErrorCode.AmendmentMismatch,
          `Only the latest accepted version can be amended; the latest version is ${latest.fiuRef} (${latest.status})`,
        );
      }
      return target;
    }
    if (parsed.prevRejectedRefNumber) {
      const rejected = await manager.findOneBy(Report, { entityId: filer.id, fiuRef: parsed.prevRejectedRefNumber });
      if (!rejected || rejected.status !== 'rejected') {
        errors.push({
          path: submission.contentType === 'application/json' ? '/prevRejectedRefNumber' : '/report/prev_rejected_ref_number',
          code: 'unknown_rejected_report',
          severity: 'error',
          message: `${parsed.prevRejectedRefNumber} is not a rejected report of this entity`,
        });
        return null;
      }
      if (latest && latest.id !== rejected.id && latest.entityReference === rejected.entityReference) {
        errors.push({
          path: submission.contentType === 'application/json' ? '/prevRejectedRefNumber' : '/report/prev_rejected_ref_number',
          code: 'already_corrected',
          severity: 'error',
          message: `${rejected.fiuRef} was already corrected by ${latest.fiuRef}`,
        });
        return null;
      }
      if (latest && rejected.entityReference !== latest.entityReference) {
        // A correction under a reference that is already in use for something else.
        throw this.conflict(latest);
      }
      return rejected;
    }
    if (latest) throw this.conflict(latest);
    return null;
  }

  private conflict(latest: Report): ReportsException {
    return new ReportsException(
      ReportsErrorCode.ReferenceConflict,
      `entityReference ${latest.entityReference} was already used for a different document (FIU reference ${latest.fiuRef}, ${latest.status}). ` +
        (latest.status === 'rejected'
          ? `To correct it, file again with prevRejectedRefNumber ${latest.fiuRef}.`
          : `To amend it, POST the new version to /v1/reports/${latest.id}/versions; otherwise use a new entityReference.`),
    );
  }

  private async replayIdempotencyKey(manager: EntityManager, entityId: string, key: string, sha256: string): Promise<SubmissionResult | null> {
    const seen = await manager.findOneBy(IdempotencyKey, { entityId, key });
    if (!seen) return null;
    if (seen.requestSha256 !== sha256) {
      throw new ReportsException(
        ReportsErrorCode.IdempotencyKeyReused,
        `Idempotency-Key ${key} was already used with a different request body`,
      );
    }
    const report = await manager.findOneByOrFail(Report, { id: seen.reportId });
    return { acknowledgement: await loadAcknowledgement(manager, report), outcome: 'replayed' };
  }

  private async lock(manager: EntityManager, key: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }

  /** Appends trail steps in one statement and returns them as stored (ids and times from the database). */
  private async appendTrail(manager: EntityManager, steps: Partial<ReportEvent>[]): Promise<ReportEvent[]> {
    const values: unknown[] = [];
    const tuples = steps.map((step) => `($${values.push(step.reportId)}, $${values.push(step.status)}, $${values.push(step.detail ?? null)})`);
    const rows = (await manager.query(`INSERT INTO report_events (report_id, status, detail) VALUES ${tuples.join(', ')} RETURNING id, report_id, status, detail, at`, values)) as {
      id: string;
      report_id: string;
      status: string;
      detail: string | null;
      at: Date;
    }[];
    return rows.map((row) => manager.create(ReportEvent, { id: row.id, reportId: row.report_id, status: row.status, detail: row.detail, at: row.at }));
  }

  /** SQL for the next permanent FIU reference, e.g. NL-2026-0000042 (the country code is validated as two capitals). */
  private get fiuRefSql(): string {
    return `'${this.config.FIU_COUNTRY}-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('report_fiu_ref_seq')::text, 7, '0')`;
  }

}

function delayInDays(from?: string, to?: string): number | null {
  if (!from || !to) return null;
  const days = Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
  return Number.isFinite(days) && days >= 0 ? days : null;
}
