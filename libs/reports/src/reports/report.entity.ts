import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { ErrorItem } from '@fiu/core';

export const REPORT_STATUSES = ['accepted', 'accepted_with_warnings', 'rejected', 'analysed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A filed report. The original document is kept byte for byte with its SHA-256. */
@Entity('reports')
@Unique('reports_entity_reference_uq', ['entityId', 'entityReference'])
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

  @Column('int', { default: 1 })
  version: number;

  @Column('text', { name: 'report_code' })
  reportCode: string;

  @Column('date', { name: 'submission_date' })
  submissionDate: string;

  @Column('char', { name: 'currency_code_local', length: 3 })
  currencyCodeLocal: string;

  @Column('text')
  status: ReportStatus;

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
