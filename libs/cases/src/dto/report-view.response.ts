import { ApiProperty } from '@nestjs/swagger';
import { REPORT_STATUSES, type ReportStatus } from '@fiu/reports';
import { CASE_STATUSES, TRIAGE_STATUSES, type CaseStatus, type TriageStatus } from '../casework.entities';
import { iso, ScoreExplanationItemResponse, SUBJECT_KINDS, type SubjectKind } from './common.response';
import { ReportingEntityRefResponse } from './triage.response';
import { RISK_BANDS, type RiskBand } from './triage.dto';

export const PARTY_PLACES = ['from', 'to', 'conductor', 'involved', 'report_party', 'signatory', 'director', 'account_holder'] as const;
export type PartyPlace = (typeof PARTY_PLACES)[number];

export class ReportPartyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PARTY_PLACES, enumName: 'PartyPlace', example: 'from' }) place: PartyPlace;
  @ApiProperty({ enum: SUBJECT_KINDS, enumName: 'SubjectKind', example: 'person' }) kind: SubjectKind;
  @ApiProperty({ type: String, nullable: true, example: 'Pieter de Smurf' }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', example: '1971-05-02' }) birthdate: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2', example: 'NL' }) nationality: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'NL91ABNA0417164300' }) iban: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The transaction the party takes part in, if any' }) transactionId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The subject entity resolution linked the party to' }) subjectId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'How it was linked: strong_identifier, probabilistic, new_subject, analyst_confirmed', example: 'strong_identifier' })
  linkMethod: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The comparator score, for probabilistic links', example: null }) linkScore: number | null;

  static from(row: ReportPartyRow): ReportPartyResponse {
    return {
      id: row.id,
      place: row.place,
      kind: row.kind,
      displayName: row.display_name,
      birthdate: row.birthdate,
      nationality: row.nationality,
      iban: row.iban,
      transactionId: row.transaction_id,
      subjectId: row.subject_id,
      linkMethod: row.link_method,
      linkScore: row.link_score,
    };
  }
}

export class ReportTransactionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Order in the report, from 0', example: 0 }) position: number;
  @ApiProperty({ type: String, nullable: true, example: 'TX-2026-0001' }) transactionNumber: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'As filed, without a time zone', example: '2026-11-03T10:15:00' }) dateTransaction: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CASH' }) transmodeCode: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Decimal, in the local currency', example: '9800.00' }) amountLocal: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Cash deposit' }) description: string | null;

  static from(row: ReportTransactionRow): ReportTransactionResponse {
    return {
      id: row.id,
      position: row.position,
      transactionNumber: row.transaction_number,
      dateTransaction: row.date_transaction,
      transmodeCode: row.transmode_code,
      amountLocal: row.amount_local,
      description: row.description,
    };
  }
}

export class ReportAnalysisResponse {
  @ApiProperty({ example: 1 }) reportVersion: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, example: 72 }) score: number;
  @ApiProperty({ enum: RISK_BANDS, enumName: 'RiskBand', example: 'high' }) band: RiskBand;
  @ApiProperty({ description: 'Version of the typology rule set that scored it', example: 'a1b2c3d4' }) ruleSet: string;
  @ApiProperty({ type: [ScoreExplanationItemResponse], description: 'Every rule that fired, in the order the score was built' }) explanation: ScoreExplanationItemResponse[];
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CaseRefResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-CASE-2026-000001' }) ref: string;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', example: 'open' }) status: CaseStatus;
}

/** A report as an analyst reads it. */
export class ReportViewResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-2026-000042' }) fiuRef: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ enum: REPORT_STATUSES, enumName: 'ReportStatus', example: 'analysed' }) status: ReportStatus;
  @ApiProperty({ type: String, nullable: true, example: 'STR' }) reportCode: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', example: '2026-11-05' }) submissionDate: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'The filer\'s narrative: why it is suspicious', example: 'Repeated cash deposits just below the threshold' }) reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What the filer did about it', example: 'Account under review' }) action: string | null;
  @ApiProperty({ type: [String], example: ['ML0001'] }) indicators: string[];
  @ApiProperty({ type: String, nullable: true, example: null }) analysisError: string | null;
  @ApiProperty({ type: ReportingEntityRefResponse }) entity: ReportingEntityRefResponse;
  @ApiProperty({ enum: TRIAGE_STATUSES, enumName: 'TriageStatus', example: 'in_review' }) triageStatus: TriageStatus;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ type: [ReportPartyResponse] }) parties: ReportPartyResponse[];
  @ApiProperty({ type: [ReportTransactionResponse] }) transactions: ReportTransactionResponse[];
  @ApiProperty({ type: ReportAnalysisResponse, nullable: true, description: 'Null until the report has been analysed' }) analysis: ReportAnalysisResponse | null;
  @ApiProperty({ type: [CaseRefResponse] }) cases: CaseRefResponse[];

  static from(parts: { report: ReportRow; parties: ReportPartyRow[]; transactions: ReportTransactionRow[]; analysis: AnalysisRow | undefined; cases: CaseRefResponse[] }): ReportViewResponse {
    const { report, analysis } = parts;
    return {
      id: report.id,
      fiuRef: report.fiu_ref,
      version: report.version,
      status: report.status,
      reportCode: report.report_code,
      submissionDate: report.submission_date,
      receivedAt: iso(report.received_at)!,
      reason: report.reason,
      action: report.action,
      indicators: report.indicators,
      analysisError: report.analysis_error,
      entity: { code: report.entity_code, name: report.entity_name, sector: report.entity_sector },
      triageStatus: report.triage_status,
      assigneeId: report.assignee_id,
      parties: parts.parties.map((row) => ReportPartyResponse.from(row)),
      transactions: parts.transactions.map((row) => ReportTransactionResponse.from(row)),
      analysis: analysis
        ? {
            reportVersion: analysis.report_version,
            score: analysis.score,
            band: analysis.band,
            ruleSet: analysis.rule_set,
            explanation: analysis.explanation.map((item) => ScoreExplanationItemResponse.from(item)),
            updatedAt: iso(analysis.updated_at)!,
          }
        : null,
      cases: parts.cases.map(({ id, ref, status }) => ({ id, ref, status })),
    };
  }
}

export interface ReportRow {
  id: string;
  fiu_ref: string;
  version: number;
  status: ReportStatus;
  report_code: string | null;
  submission_date: string | null;
  received_at: Date;
  reason: string | null;
  action: string | null;
  indicators: string[];
  analysis_error: string | null;
  entity_code: string;
  entity_name: string;
  entity_sector: string;
  triage_status: TriageStatus;
  assignee_id: string | null;
}

export interface ReportPartyRow {
  id: string;
  place: PartyPlace;
  kind: SubjectKind;
  display_name: string | null;
  birthdate: string | null;
  nationality: string | null;
  iban: string | null;
  transaction_id: string | null;
  subject_id: string | null;
  link_method: string | null;
  link_score: number | null;
}

export interface ReportTransactionRow {
  id: string;
  position: number;
  transaction_number: string | null;
  date_transaction: string | null;
  transmode_code: string | null;
  amount_local: string | null;
  description: string | null;
}

export interface AnalysisRow {
  report_version: number;
  score: number;
  band: RiskBand;
  rule_set: string;
  explanation: Parameters<typeof ScoreExplanationItemResponse.from>[0][];
  updated_at: Date;
}
