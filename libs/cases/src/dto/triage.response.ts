import { ApiProperty } from '@nestjs/swagger';
import { TRIAGE_STATUSES, type TriageStatus } from '../casework.entities';
import { RISK_BANDS, type RiskBand } from './triage.dto';

export class ReportingEntityRefResponse {
  @ApiProperty({ description: 'rentity_id', example: '101' }) code: string;
  @ApiProperty({ example: 'Demo Bank N.V.' }) name: string;
  @ApiProperty({ example: 'bank' }) sector: string;
}

export class TriageItemResponse {
  @ApiProperty({ format: 'uuid' }) reportId: string;
  @ApiProperty({ example: 'NL-2026-000042' }) fiuRef: string;
  @ApiProperty({ type: String, nullable: true, example: 'STR' }) reportCode: string | null;
  @ApiProperty({ type: ReportingEntityRefResponse }) entity: ReportingEntityRefResponse;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ type: [String], example: ['ML0001'] }) indicators: string[];
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, example: 72 }) score: number;
  @ApiProperty({ enum: RISK_BANDS, enumName: 'RiskBand', example: 'high' }) band: RiskBand;
  @ApiProperty({ enum: TRIAGE_STATUSES, enumName: 'TriageStatus', example: 'new' }) status: TriageStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last analysis failed, if it did', example: null }) analysisError: string | null;

  static from(row: TriageRow): TriageItemResponse {
    return {
      reportId: row.id,
      fiuRef: row.fiu_ref,
      reportCode: row.report_code,
      entity: { code: row.code, name: row.name, sector: row.sector },
      receivedAt: row.received_at.toISOString(),
      indicators: row.indicators,
      score: row.score,
      band: row.band,
      status: row.status,
      assigneeId: row.assignee_id,
      analysisError: row.analysis_error,
    };
  }
}

/** One row of the triage query. */
export interface TriageRow {
  id: string;
  fiu_ref: string;
  report_code: string | null;
  code: string;
  name: string;
  sector: string;
  received_at: Date;
  indicators: string[];
  score: number;
  band: RiskBand;
  status: TriageStatus;
  assignee_id: string | null;
  analysis_error: string | null;
}

export class TriagePageResponse {
  @ApiProperty({ type: [TriageItemResponse] }) items: TriageItemResponse[];
  @ApiProperty({ description: 'Matching reports, counted up to 10,000', example: 1234 }) total: number;
  @ApiProperty({ description: 'True when the count stopped at its cap', example: false }) totalIsCapped: boolean;
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

/** A report's place in triage after a claim, assignment, closing or reopening. */
export class TriageChangeResponse {
  @ApiProperty({ format: 'uuid' }) reportId: string;
  @ApiProperty({ enum: TRIAGE_STATUSES, enumName: 'TriageStatus', example: 'in_review' }) status: TriageStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId: string | null;
}
