import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** The outcome of analysing one version of a report. One row per (report, version). */
@Entity('analysis_results')
@Unique('analysis_results_report_version_uq', ['reportId', 'reportVersion'])
export class AnalysisResult {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

  @Column('int', { name: 'report_version' })
  reportVersion: number;

  @Column('jsonb')
  outcome: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
