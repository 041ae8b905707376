import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** The outcome of analysing one version of a report. One row per (report, version). */
@Entity('analysis_results')
@Unique('analysis_results_report_version_uq', ['reportId', 'reportVersion'])
@Index('analysis_results_score_idx', ['score'])
// (score DESC, report_id) for the triage queue's order, made by hand in the migration.
@Index('analysis_results_score_order_idx', { synchronize: false })
export class AnalysisResult {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

  @Column('int', { name: 'report_version' })
  reportVersion: number;

  /** What resolution did the first time this version was analysed; a re-run leaves it alone. */
  @Column('jsonb')
  outcome: Record<string, unknown>;

  /** Risk score 0-100 and its triage band, from the rule set named in `ruleSet`. */
  @Column('smallint', { default: 0 })
  score: number;

  @Column('text', { default: 'low' })
  band: 'high' | 'medium' | 'low';

  @Column('text', { name: 'rule_set', default: '' })
  ruleSet: string;

  /** Every rule that fired: weight, points and evidence (transactions and subjects). */
  @Column('jsonb', { default: () => "'[]'" })
  explanation: unknown[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
