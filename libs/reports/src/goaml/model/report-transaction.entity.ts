import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CompactElement } from './compact-element';

/** One transaction of a report, two-sided (from -> to) or multi-party. */
@Entity('report_transactions')
@Index('report_transactions_report_idx', ['reportId', 'position'])
// Full-text index over the description, made by hand in the migration.
@Index('report_transactions_description_fts_idx', { synchronize: false })
export class ReportTransaction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

  /** 1-based position in the report. */
  @Column('int')
  position: number;

  @Column('text', { name: 'transaction_number', nullable: true })
  transactionNumber: string | null;

  @Column('text', { name: 'internal_ref_number', nullable: true })
  internalRefNumber: string | null;

  @Column('text', { nullable: true })
  location: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  /** goAML date_transaction, as filed (local time, no zone). */
  @Column('timestamp', { name: 'date_transaction', nullable: true })
  dateTransaction: string | null;

  @Column('timestamp', { name: 'value_date', nullable: true })
  valueDate: string | null;

  @Column('text', { name: 'transmode_code', nullable: true })
  transmodeCode: string | null;

  @Column('numeric', { name: 'amount_local', precision: 20, scale: 2, nullable: true })
  amountLocal: string | null;

  @Column('text')
  shape: 'bi_party' | 'multi_party';

  /** The transaction element as filed, for the exporter. */
  @Column('jsonb')
  element: CompactElement;
}
