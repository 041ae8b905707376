import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES, DISSEMINATION_STATUSES, type CaseStatus, type DisseminationStatus } from '../casework.entities';
import { CASE_SEED_SOURCES, type CaseSeedSource } from './case.dto';
import { iso, SUBJECT_KINDS, type SubjectKind } from './common.response';
import { RISK_BANDS, type RiskBand } from './triage.dto';

export class CaseSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-CASE-2026-000001' }) ref: string;
  @ApiProperty({ example: 'Cash structuring through Acme Trading BV' }) title: string;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', example: 'in_analysis' }) status: CaseStatus;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Username of the assignee', example: 'a.analyst' }) assigneeName: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ example: 3 }) reportCount: number;
  @ApiProperty({ example: 1 }) subjectCount: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Highest risk score among its reports', example: 72 }) highestScore: number | null;
  @ApiProperty({ enum: RISK_BANDS, enumName: 'RiskBand', nullable: true, example: 'high' }) highestBand: RiskBand | null;
  @ApiProperty({ description: 'Disseminations drafted or approved, not yet issued', example: 1 }) openDisseminations: number;

  static from(row: CaseSummaryRow): CaseSummaryResponse {
    return {
      id: row.id,
      ref: row.ref,
      title: row.title,
      status: row.status,
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_name,
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
      reportCount: row.reports,
      subjectCount: row.subjects,
      highestScore: row.highest_score,
      highestBand: row.highest_band,
      openDisseminations: row.open_disseminations,
    };
  }
}

export class CasePageResponse {
  @ApiProperty({ type: [CaseSummaryResponse], description: 'Most recently changed first' }) items: CaseSummaryResponse[];
  @ApiProperty({ example: 12 }) total: number;
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

export class CaseBoardColumnResponse {
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', example: 'in_analysis' }) status: CaseStatus;
  @ApiProperty({ description: 'Cases in this column (with the filters)', example: 7 }) total: number;
  @ApiProperty({ example: 0 }) offset: number;
  @ApiProperty({ description: 'More cards after these', example: false }) hasMore: boolean;
  @ApiProperty({ type: [CaseSummaryResponse], description: 'Most recently changed first' }) cards: CaseSummaryResponse[];
}

/** The cases by status: one column per status in workflow order, each with its count and a page of cards. */
export class CaseBoardResponse {
  @ApiProperty({ type: [CaseBoardColumnResponse] }) columns: CaseBoardColumnResponse[];
}

export const TIMELINE_KINDS = [
  'case_created',
  'reports_added',
  'subjects_added',
  'note_added',
  'attachment_added',
  'status_changed',
  'assigned',
  'case_changed',
  'dissemination_drafted',
  'dissemination_approved',
  'dissemination_rejected',
  'dissemination_issued',
  'report_event',
  'subject_in_new_report',
  'screening_hit',
  'consent_requested',
  'consent_decided',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_ITEM_TYPES = ['case', 'report', 'subject', 'note', 'attachment', 'dissemination', 'exchange_message', 'staff'] as const;
export type TimelineItemType = (typeof TIMELINE_ITEM_TYPES)[number];

export class TimelineActorResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'a.analyst' }) name: string | null;
}

export class TimelineItemResponse {
  @ApiProperty({ enum: TIMELINE_ITEM_TYPES, enumName: 'TimelineItemType', example: 'report' }) type: TimelineItemType;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, description: 'What to show for it', example: 'NL-2026-000042' }) label: string | null;
}

export class CaseTimelineEntryResponse {
  @ApiProperty({ description: 'Stable within the timeline', example: 'history:17' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: TIMELINE_KINDS, enumName: 'TimelineKind', example: 'status_changed' }) kind: TimelineKind;
  @ApiProperty({ type: TimelineActorResponse, nullable: true, description: 'The staff member who did it; null for what the system or a filer did' }) actor: TimelineActorResponse | null;
  @ApiProperty({ description: 'One line in English (the kind and detail are there to say it in other languages)', example: 'Status open → in_analysis' }) summary: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { from: 'open', to: 'in_analysis', reason: null } }) detail: Record<string, unknown>;
  @ApiProperty({ type: [TimelineItemResponse], description: 'What the entry is about' }) items: TimelineItemResponse[];
}

/** Every change of a case and of what it links to, newest first. */
export class CaseTimelineResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [CaseTimelineEntryResponse] }) items: CaseTimelineEntryResponse[];
  @ApiProperty({ example: 24 }) total: number;
  @ApiProperty({ example: 100 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

export class CaseSeedResponse {
  @ApiProperty({ enum: CASE_SEED_SOURCES, enumName: 'CaseSeedSource', example: 'search' }) source: CaseSeedSource;
  @ApiProperty({ type: String, nullable: true, example: 'Greta Vandersloot' }) query: string | null;
}

export class CaseReportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-2026-000042' }) fiuRef: string;
  @ApiProperty({ type: String, nullable: true, example: 'STR' }) reportCode: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ type: Number, nullable: true, example: 72 }) score: number | null;
  @ApiProperty({ enum: RISK_BANDS, enumName: 'RiskBand', nullable: true, example: 'high' }) band: RiskBand | null;
}

export class CaseSubjectResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SUBJECT_KINDS, enumName: 'SubjectKind', example: 'person' }) kind: SubjectKind;
  @ApiProperty({ type: String, nullable: true, example: 'Greta Vandersloot' }) displayName: string | null;
}

export class CaseNoteResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Brightwater Ltd was incorporated two weeks before the first payment.' }) text: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Username of the author', example: 'a.analyst' }) author: string;
}

export class CaseAttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'statement.pdf' }) fileName: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty({ description: 'Bytes', example: 18342 }) size: number;
  @ApiProperty({ description: 'Hex SHA-256 of the content', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CaseHistoryEntryResponse {
  @ApiProperty({ description: 'Increasing within the case', example: '17' }) id: string;
  @ApiProperty({ description: 'created, reports_added, subjects_added, note_added, attachment_added, status_changed, assigned', example: 'status_changed' }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed', example: { from: 'open', to: 'in_analysis', reason: null } }) detail: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'Username of who did it', example: 'a.analyst' }) actor: string;
}

export class CaseDisseminationRefResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-DIS-2026-000001' }) ref: string;
  @ApiProperty({ example: 'POLICE-FIOD' }) authorityCode: string;
  @ApiProperty({ enum: DISSEMINATION_STATUSES, enumName: 'DisseminationStatus', example: 'issued' }) status: DisseminationStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** A case with everything in it and its full history. */
export class CaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-CASE-2026-000001' }) ref: string;
  @ApiProperty({ example: 'Cash structuring through Acme Trading BV' }) title: string;
  @ApiProperty({ type: String, nullable: true, example: null }) summary: string | null;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', example: 'in_analysis' }) status: CaseStatus;
  @ApiProperty({ format: 'uuid', description: 'Staff id of who opened it' }) createdBy: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Who holds it: that person or a supervisor may close it' }) assigneeId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: [CaseReportResponse] }) reports: CaseReportResponse[];
  @ApiProperty({ type: [CaseSubjectResponse] }) subjects: CaseSubjectResponse[];
  @ApiProperty({ type: [CaseNoteResponse] }) notes: CaseNoteResponse[];
  @ApiProperty({ type: [CaseAttachmentResponse] }) attachments: CaseAttachmentResponse[];
  @ApiProperty({ type: [CaseHistoryEntryResponse], description: 'Oldest first' }) history: CaseHistoryEntryResponse[];
  @ApiProperty({ type: [CaseDisseminationRefResponse] }) disseminations: CaseDisseminationRefResponse[];
  @ApiProperty({ type: CaseSeedResponse, nullable: true, description: 'Where it was opened from' }) seed: CaseSeedResponse | null;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', isArray: true, description: 'The statuses you may move it to now', example: ['proposed_for_dissemination', 'closed'] })
  allowedTransitions: CaseStatus[];

  static from(rows: CaseRows, allowedTransitions: CaseStatus[]): CaseResponse {
    const { found } = rows;
    const created = rows.history.find((row) => row.action === 'created')?.detail.seed as { source: CaseSeedSource; query?: string } | undefined;
    return {
      id: found.id,
      ref: found.ref,
      title: found.title,
      summary: found.summary,
      status: found.status,
      createdBy: found.created_by,
      assigneeId: found.assignee_id,
      createdAt: iso(found.created_at)!,
      updatedAt: iso(found.updated_at)!,
      reports: rows.reports.map((row) => ({ id: row.id, fiuRef: row.fiu_ref, reportCode: row.report_code, receivedAt: iso(row.received_at)!, score: row.score, band: row.band })),
      subjects: rows.subjects.map((row) => ({ id: row.id, kind: row.kind, displayName: row.display_name })),
      notes: rows.notes.map((row) => ({ id: row.id, text: row.text, createdAt: iso(row.created_at)!, author: row.author })),
      attachments: rows.attachments.map((row) => ({
        id: row.id,
        fileName: row.file_name,
        contentType: row.content_type,
        size: row.size,
        sha256: row.sha256,
        createdAt: iso(row.created_at)!,
      })),
      history: rows.history.map((row) => ({ id: row.id, action: row.action, detail: row.detail, at: iso(row.at)!, actor: row.actor })),
      disseminations: rows.disseminations.map((row) => ({ id: row.id, ref: row.ref, authorityCode: row.authority_code, status: row.status, createdAt: iso(row.created_at)! })),
      seed: created ? { source: created.source, query: created.query ?? null } : null,
      allowedTransitions,
    };
  }
}

export class CaseItemsCountResponse {
  @ApiProperty({ example: 1 }) reports: number;
  @ApiProperty({ example: 0 }) subjects: number;
}

export class CaseItemsAddedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: CaseItemsCountResponse, description: 'How many were asked to be added (those already in the case stay once)' }) added: CaseItemsCountResponse;
}

export class CaseNoteCreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CaseAttachmentCreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'statement.pdf' }) fileName: string;
  @ApiProperty({ example: 18342 }) size: number;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) sha256: string;
}

export class CaseStatusResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', example: 'in_analysis' }) status: CaseStatus;
}

export class CaseAssignmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) assigneeId: string;
}

export interface CaseSummaryRow {
  id: string;
  ref: string;
  title: string;
  status: CaseStatus;
  assignee_id: string | null;
  assignee_name: string | null;
  created_at: Date;
  updated_at: Date;
  reports: number;
  subjects: number;
  highest_score: number | null;
  highest_band: RiskBand | null;
  open_disseminations: number;
}

export interface CaseRow {
  id: string;
  ref: string;
  title: string;
  summary: string | null;
  status: CaseStatus;
  created_by: string;
  assignee_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface CaseRows {
  found: CaseRow;
  reports: { id: string; fiu_ref: string; report_code: string | null; received_at: Date; score: number | null; band: RiskBand | null }[];
  subjects: { id: string; kind: SubjectKind; display_name: string | null }[];
  notes: { id: string; text: string; created_at: Date; author: string }[];
  attachments: { id: string; file_name: string; content_type: string; size: number; sha256: string; created_at: Date }[];
  history: { id: string; action: string; detail: Record<string, unknown>; at: Date; actor: string }[];
  disseminations: { id: string; ref: string; authority_code: string; status: DisseminationStatus; created_at: Date }[];
}
