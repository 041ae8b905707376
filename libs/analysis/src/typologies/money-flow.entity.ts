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

/**
 * Who holds or acts for which account or organisation (signatory, account holder, director), as
 * the reports say, between resolved subjects. With money_flows it makes the network analysts walk.
 */
@Entity('subject_relations')
@Index('subject_relations_subject_idx', ['subjectId'])
@Index('subject_relations_related_idx', ['relatedSubjectId'])
@Index('subject_relations_report_idx', ['reportId'])
export class SubjectRelation {
  /** The party (of a report) that states the relation: one row per party, so a re-run changes nothing. */
  @PrimaryColumn('uuid', { name: 'party_id' })
  partyId: string;

  @Column('uuid', { name: 'report_id' })
  reportId: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId: string;

  @Column('uuid', { name: 'related_subject_id' })
  relatedSubjectId: string;

  /** signatory, account_holder or director (goAML's own words). */
  @Column('text')
  relation: string;
}
