import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const TRIAGE_STATUSES = ['new', 'in_review', 'closed_no_action', 'linked_to_case'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

export const CASE_STATUSES = ['open', 'in_analysis', 'proposed_for_dissemination', 'disseminated', 'closed', 'archived'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DISSEMINATION_STATUSES = ['draft', 'approved', 'rejected', 'issued'] as const;
export type DisseminationStatus = (typeof DISSEMINATION_STATUSES)[number];

/** Where an analysed report stands in triage; no row means "new". */
@Entity('report_triage')
@Index('report_triage_assignee_idx', ['assigneeId'])
export class ReportTriage {
  @PrimaryColumn('uuid', { name: 'report_id' })
  reportId: string;

  @Column('text', { default: 'new' })
  status: TriageStatus;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId: string | null;

  @Column('text', { name: 'closing_reason', nullable: true })
  closingReason: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('cases')
@Index('cases_status_updated_idx', ['status', 'updatedAt'])
export class CaseRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human reference, e.g. NL-CASE-2026-000042 (sequence case_ref_seq). */
  @Column('text', { unique: true })
  ref: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  summary: string | null;

  @Column('text', { default: 'open' })
  status: CaseStatus;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('case_reports')
@Index('case_reports_report_idx', ['reportId'])
export class CaseReport {
  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId: string;

  @PrimaryColumn('uuid', { name: 'report_id' })
  reportId: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}

@Entity('case_subjects')
@Index('case_subjects_subject_idx', ['subjectId'])
export class CaseSubject {
  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId: string;

  @PrimaryColumn('uuid', { name: 'subject_id' })
  subjectId: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}

@Entity('case_notes')
@Index('case_notes_case_idx', ['caseId'])
export class CaseNote {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('uuid', { name: 'author_id' })
  authorId: string;

  @Column('text')
  text: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('case_attachments')
@Index('case_attachments_case_idx', ['caseId'])
export class CaseAttachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('text', { name: 'file_name' })
  fileName: string;

  @Column('text', { name: 'content_type' })
  contentType: string;

  @Column('int')
  size: number;

  @Column('char', { length: 64 })
  sha256: string;

  @Column('bytea')
  content: Buffer;

  @Column('uuid', { name: 'uploaded_by' })
  uploadedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Every change of a case, in order: the case's own history (the audit log keeps reads too). */
@Entity('case_history')
@Index('case_history_case_idx', ['caseId', 'id'])
export class CaseHistoryEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('uuid', { name: 'actor_id' })
  actorId: string;

  @Column('text')
  action: string;

  @Column('jsonb', { default: () => "'{}'" })
  detail: Record<string, unknown>;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}

/** A domestic recipient of disseminations (police, prosecutor, tax...), configured by an admin. */
@Entity('competent_authorities')
export class CompetentAuthority {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  /** police, prosecutor, tax, customs, intelligence, supervisor, other. */
  @Column('text')
  kind: string;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('disseminations')
@Index('disseminations_case_idx', ['caseId'])
export class Dissemination {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  ref: string;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId: string | null;

  @Column('text', { name: 'authority_code' })
  authorityCode: string;

  @Column('text')
  purpose: string;

  @Column('text')
  caveats: string;

  @Column('boolean', { name: 'include_analysis', default: true })
  includeAnalysis: boolean;

  @Column('text', { default: 'draft' })
  status: DisseminationStatus;

  @Column('uuid', { name: 'author_id' })
  authorId: string;

  @Column('uuid', { name: 'approver_id', nullable: true })
  approverId: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column('text', { name: 'rejection_reason', nullable: true })
  rejectionReason: string | null;

  @Column('uuid', { name: 'issued_by', nullable: true })
  issuedBy: string | null;

  @Column('timestamptz', { name: 'issued_at', nullable: true })
  issuedAt: Date | null;

  /** The package exactly as issued; with its SHA-256 it never changes afterwards. */
  @Column('jsonb', { name: 'issued_package', nullable: true })
  issuedPackage: Record<string, unknown> | null;

  @Column('char', { name: 'package_sha256', length: 64, nullable: true })
  packageSha256: string | null;

  /** The package as the supervisor approved it (issuedAt still null): issuing sends exactly this. */
  @Column('jsonb', { name: 'approved_package', nullable: true })
  approvedPackage: Record<string, unknown> | null;

  /** SHA-256 of the approved package's canonical JSON: what the preview showed the approver. */
  @Column('char', { name: 'approved_sha256', length: 64, nullable: true })
  approvedSha256: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('dissemination_items')
export class DisseminationItem {
  @PrimaryColumn('uuid', { name: 'dissemination_id' })
  disseminationId: string;

  /** report, subject, or exchange_message (received from a partner FIU). */
  @PrimaryColumn('text', { name: 'item_type' })
  itemType: 'report' | 'subject' | 'exchange_message';

  @PrimaryColumn('uuid', { name: 'item_id' })
  itemId: string;
}

/** What a package may carry; each recipient kind's rule lists the categories it may receive. */
export const DISSEMINATION_CATEGORIES = [
  'reporting_entity_identity',
  'narrative',
  'transactions',
  'parties',
  'identifiers',
  'screening_hits',
  'analysis',
  'partner_material',
] as const;
export type DisseminationCategory = (typeof DISSEMINATION_CATEGORIES)[number];

/**
 * The redaction the FIU applies to every package for one kind of recipient (police, prosecutor,
 * tax...), configured by an admin. A kind without a row receives nothing beyond the references.
 */
@Entity('dissemination_redaction_rules')
export class RedactionRule {
  /** An authority kind: police, prosecutor, tax, customs, intelligence, supervisor, other. */
  @PrimaryColumn('text', { name: 'recipient_kind' })
  recipientKind: string;

  @Column('text', { array: true })
  allowed: DisseminationCategory[];

  /** Increases with every change; each package records the version it was built under. */
  @Column('int', { default: 1 })
  version: number;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The signed PDF intelligence report of an issued dissemination; written once, never changed. */
@Entity('dissemination_documents')
export class DisseminationDocument {
  @PrimaryColumn('uuid', { name: 'dissemination_id' })
  disseminationId: string;

  @Column('bytea')
  pdf: Buffer;

  @Column('char', { name: 'pdf_sha256', length: 64 })
  pdfSha256: string;

  /** Detached signature over the PDF bytes. */
  @Column('bytea')
  signature: Buffer;

  @Column('text', { name: 'key_id' })
  keyId: string;

  @Column('text')
  algorithm: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const CASEWORK_ENTITIES = [
  ReportTriage,
  CaseRow,
  CaseReport,
  CaseSubject,
  CaseNote,
  CaseAttachment,
  CaseHistoryEntry,
  CompetentAuthority,
  Dissemination,
  DisseminationItem,
  RedactionRule,
  DisseminationDocument,
];
