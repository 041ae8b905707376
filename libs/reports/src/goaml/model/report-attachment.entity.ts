import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A file that came with a report (goAML web lets filers add documents to the XML in one ZIP). */
@Entity('report_attachments')
@Index('report_attachments_report_idx', ['reportId'])
export class ReportAttachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
