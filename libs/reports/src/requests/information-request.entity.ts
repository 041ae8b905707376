import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type InformationRequestStatus = 'open' | 'answered' | 'withdrawn';

/** A request from the FIU to a reporting entity for more information about a report or a subject. */
@Entity('information_requests')
@Index('information_requests_entity_idx', ['entityId', 'status'])
export class InformationRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The reference the entity quotes back, e.g. in goAML fiu_ref_number. */
  @Column('text', { unique: true })
  reference: string;

  @Column('uuid', { name: 'entity_id' })
  entityId: string;

  /** The report the request is about, if any. */
  @Column('uuid', { name: 'report_id', nullable: true })
  reportId: string | null;

  /** Who or what the request is about, as the analyst describes it. */
  @Column('text', { nullable: true })
  subject: string | null;

  @Column('text')
  question: string;

  @Column('date', { name: 'due_date', nullable: true })
  dueDate: string | null;

  @Column('text', { default: 'open' })
  status: InformationRequestStatus;

  /** Staff member or process that sent it. */
  @Column('text', { name: 'requested_by' })
  requestedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'answered_at', nullable: true })
  answeredAt: Date | null;

  /** Set when a goAML report naming this request in fiu_ref_number answered it. */
  @Column('uuid', { name: 'answer_report_id', nullable: true })
  answerReportId: string | null;
}
