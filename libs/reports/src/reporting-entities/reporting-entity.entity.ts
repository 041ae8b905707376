import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A bank, money transmitter, casino or other obliged entity that files reports. */
@Entity('reporting_entities')
export class ReportingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** goAML `rentity_id`: the number the FIU gave the entity. */
  @Column('text', { unique: true })
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  sector: string;

  /** A suspended entity keeps read access to its acknowledgements but cannot file. */
  @Column('text', { default: 'active' })
  status: 'active' | 'suspended';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
