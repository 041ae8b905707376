import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { ErrorItem } from '@fiu/core';
import type { CompactElement } from '../goaml/model/compact-element';

export const REPORT_STATUSES = ['accepted', 'accepted_with_warnings', 'rejected', 'analysed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A filed report. The original document is kept byte for byte with its SHA-256. */
@Entity('reports')
// Full-text index over the narrative (reason, action), made by hand in the migration: an expression index.
@Index('reports_narrative_fts_idx', { synchronize: false })
@Unique('reports_entity_reference_version_uq', ['entityId', 'entityReference', 'version'])
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Permanent FIU reference, given on acceptance. */
  @Column('text', { name: 'fiu_ref', unique: true })
  fiuRef: string;

  @Index('reports_entity_idx')
  @Column('uuid', { name: 'entity_id' })
  entityId: string;

  /** The filer's own reference (goAML `entity_reference`). */
  @Column('text', { name: 'entity_reference' })
  entityReference: string;

  /** 1 for the first submission under an entity reference; each correction or amendment adds one. */
  @Column('int', { default: 1 })
  version: number;

  /** The submission this one corrects (it was rejected) or amends (it was accepted). */
  @Column('uuid', { name: 'previous_report_id', nullable: true })
  previousReportId: string | null;

  /** Set when a later version amends this one; the content itself is never changed. */
  @Column('timestamptz', { name: 'superseded_at', nullable: true })
  supersededAt: Date | null;

  /** Null only on a rejected report that lacked it. */
  @Column('text', { name: 'report_code', nullable: true })
  reportCode: string | null;

  @Column('date', { name: 'submission_date', nullable: true })
  submissionDate: string | null;

  @Column('char', { name: 'currency_code_local', length: 3, nullable: true })
  currencyCodeLocal: string | null;

  /** goAML fiu_ref_number: the FIU request this report answers. */
  @Column('text', { name: 'fiu_ref_number', nullable: true })
  fiuRefNumber: string | null;

  /** goAML prev_rejected_ref_number, as filed. */
  @Column('text', { name: 'prev_rejected_ref_number', nullable: true })
  prevRejectedRefNumber: string | null;

  /** When the suspicion arose: an explicit field, else the earliest activity date. */
  @Column('date', { name: 'suspicion_date', nullable: true })
  suspicionDate: string | null;

  /** Days from the suspicion to filing, for the timeliness statistics. */
  @Column('int', { name: 'filing_delay_days', nullable: true })
  filingDelayDays: number | null;

  @Column('text')
  status: ReportStatus;

  /** Why analysis failed for good (after every retry); cleared when an analysis succeeds. Staff see it in triage. */
  @Column('text', { name: 'analysis_error', nullable: true })
  analysisError: string | null;

  /** goAML rentity_id as filed (must be the filer's code). */
  @Column('text', { name: 'rentity_id', nullable: true })
  rentityId: string | null;

  @Column('text', { name: 'rentity_branch', nullable: true })
  rentityBranch: string | null;

  @Column('text', { name: 'submission_code', nullable: true })
  submissionCode: string | null;

  /** The narrative: why the filer is suspicious. */
  @Column('text', { nullable: true })
  reason: string | null;

  @Column('text', { nullable: true })
  action: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  indicators: string[];

  @Column('int', { name: 'transaction_count', default: 0 })
  transactionCount: number;

  /** The root's non-transaction elements as filed (header, activity, indicators), for the exporter. */
  @Column('jsonb', { name: 'header_elements', nullable: true })
  headerElements: CompactElement[] | null;

  /** Warnings and errors found at intake, as returned in the acknowledgement. */
  @Column('jsonb', { default: () => "'[]'" })
  findings: ErrorItem[];

  @Column('text', { name: 'content_type' })
  contentType: string;

  @Column('bytea')
  document: Buffer;

  @Column('char', { name: 'document_sha256', length: 64 })
  documentSha256: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
