import { ApiProperty } from '@nestjs/swagger';
import type { ErrorItem } from '@fiu/core';
import { REPORT_STATUSES, Report, ReportStatus } from '../report.entity';
import { ReportEvent } from '../report-event.entity';

export class ErrorItemResponse implements ErrorItem {
  @ApiProperty({ example: '/reason' }) path: string;
  @ApiProperty({ example: 'narrative_missing' }) code: string;
  @ApiProperty({ enum: ['fatal', 'error', 'warning'] }) severity: 'fatal' | 'error' | 'warning';
  @ApiProperty() message: string;
}

export class TrailStepResponse {
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) detail: string | null;
  @ApiProperty() at: string;

  static from(event: ReportEvent): TrailStepResponse {
    return { status: event.status, detail: event.detail, at: event.at.toISOString() };
  }
}

/** What a reporting entity sees of its report. */
export class ReportAcknowledgementResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'XX-2026-0000001' }) fiuRef: string;
  @ApiProperty() entityReference: string;
  @ApiProperty({ description: '1 for a first submission; each correction or amendment adds one' }) version: number;
  @ApiProperty({ nullable: true, type: String, description: 'The FIU reference this version corrects or amends' })
  previousFiuRef: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set once a later version has amended this one' })
  supersededAt: string | null;
  @ApiProperty({ enum: REPORT_STATUSES }) status: ReportStatus;
  @ApiProperty({ type: [ErrorItemResponse] }) errors: ErrorItemResponse[];
  @ApiProperty() receivedAt: string;
  @ApiProperty({ description: 'SHA-256 of the document as received' }) documentSha256: string;
  @ApiProperty({ type: [TrailStepResponse] }) trail: TrailStepResponse[];

  static from(report: Report, events: ReportEvent[], previousFiuRef: string | null): ReportAcknowledgementResponse {
    return {
      id: report.id,
      fiuRef: report.fiuRef,
      entityReference: report.entityReference,
      version: report.version,
      previousFiuRef,
      supersededAt: report.supersededAt?.toISOString() ?? null,
      status: report.status,
      errors: report.findings,
      receivedAt: report.receivedAt.toISOString(),
      documentSha256: report.documentSha256,
      trail: events.map((event) => TrailStepResponse.from(event)),
    };
  }
}

export class ReportListResponse {
  @ApiProperty({ type: [ReportAcknowledgementResponse] }) items: ReportAcknowledgementResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
