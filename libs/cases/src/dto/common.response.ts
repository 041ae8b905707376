import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RULE_IDS, type ExplainedScore, type RuleId } from '@fiu/analysis';

export const SUBJECT_KINDS = ['person', 'entity', 'account'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Timestamps go out as ISO 8601 strings; a missing one as null. */
export const iso = (value: Date | string | null | undefined): string | null => (value == null ? null : new Date(value).toISOString());

export class ScoreEvidenceResponse {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Transactions (report_transactions ids) the rule looked at' }) transactionIds: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'Subjects the rule looked at' }) subjectIds: string[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Figures particular to the rule (totals, counts, thresholds)', example: { total: '28800.00' } })
  detail?: Record<string, unknown>;
}

/** One rule that fired, and what it added to the score. */
export class ScoreExplanationItemResponse {
  @ApiProperty({ enum: RULE_IDS, enumName: 'RuleId', example: 'structuring' }) rule: RuleId;
  @ApiProperty({ example: 1 }) ruleVersion: number;
  @ApiProperty({ example: 'Three cash deposits of 9,400-9,800 within 3 days, just under the 10,000 threshold' }) summary: string;
  @ApiProperty({ example: 30 }) weight: number;
  @ApiProperty({ description: 'Points this rule added (scores combine, so at most its weight)', example: 30 }) points: number;
  @ApiProperty({ type: ScoreEvidenceResponse }) evidence: ScoreEvidenceResponse;

  static from(item: ExplainedScore['explanation'][number]): ScoreExplanationItemResponse {
    // Explanations are stored as they were scored; an old one may lack some evidence lists.
    const { transactionIds = [], subjectIds = [], detail } = (item.evidence ?? {}) as Partial<typeof item.evidence>;
    return {
      rule: item.rule,
      ruleVersion: item.ruleVersion,
      summary: item.summary,
      weight: item.weight,
      points: item.points,
      evidence: { transactionIds, subjectIds, ...(detail ? { detail } : {}) },
    };
  }
}
