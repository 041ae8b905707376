import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One step of a report's acknowledgement trail (received, accepted, analysed, ...). Append-only. */
@Entity('report_events')
@Index('report_events_report_idx', ['reportId', 'at'])
export class ReportEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

  @Column('text')
  status: string;

  @Column('text', { nullable: true })
  detail: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
