import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A reporting entity's answer to a request, given as a message (a goAML answer is a report instead). */
@Entity('request_answers')
@Index('request_answers_request_idx', ['requestId'])
export class RequestAnswer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'request_id' })
  requestId: string;

  @Column('text')
  message: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A file sent with a message answer. */
@Entity('request_answer_attachments')
@Index('request_answer_attachments_answer_idx', ['answerId'])
export class RequestAnswerAttachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'answer_id' })
  answerId: string;

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
}
