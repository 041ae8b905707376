import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The stored transaction network: one directed edge per two-sided transaction, between the
 * subjects its two sides resolved to (the account where one is named, otherwise the person or
 * organisation). Rewritten for a report each time it is analysed; typologies walk it in SQL.
 */
@Entity('money_flows')
@Index('money_flows_from_idx', ['fromSubjectId', 'occurredAt'])
@Index('money_flows_to_idx', ['toSubjectId', 'occurredAt'])
@Index('money_flows_report_idx', ['reportId'])
export class MoneyFlow {
  @PrimaryColumn('uuid', { name: 'transaction_id' })
  transactionId: string;

  @Column('uuid', { name: 'report_id', nullable: true })
  reportId: string | null;

  @Column('uuid', { name: 'from_subject_id', nullable: true })
  fromSubjectId: string | null;

  @Column('uuid', { name: 'to_subject_id', nullable: true })
  toSubjectId: string | null;

  @Column('numeric', { precision: 20, scale: 2, nullable: true })
  amount: string | null;

  @Column('timestamp', { name: 'occurred_at', nullable: true })
  occurredAt: string | null;

  @Column('boolean', { default: false })
  cash: boolean;
}

/** Which rule set last analysed the reports; a new version re-analyses every analysed report. */
@Entity('typology_rule_sets')
export class TypologyRuleSetRow {
  @PrimaryColumn('text')
  version: string;

  @Column('jsonb')
  rules: Record<string, unknown>;

  @Column('timestamptz', { name: 'activated_at', default: () => 'now()' })
  activatedAt: Date;
}
