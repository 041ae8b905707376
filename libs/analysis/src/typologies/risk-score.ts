import type { RuleId } from './typology-rules';

/** What a rule found, with the evidence an analyst needs to check it. */
export interface RuleFinding {
  rule: RuleId;
  ruleVersion: number;
  /** One sentence an analyst can read. */
  summary: string;
  evidence: { transactionIds: string[]; subjectIds: string[]; detail?: Record<string, unknown> };
}

export type PriorityBand = 'high' | 'medium' | 'low';

export interface ExplainedScore {
  score: number;
  band: PriorityBand;
  ruleSet: string;
  /** Every rule that fired, with its weight and the points it added. */
  explanation: (RuleFinding & { weight: number; points: number })[];
}

export const HIGH_BAND_FROM = 70;
export const MEDIUM_BAND_FROM = 40;

export function bandOf(score: number): PriorityBand {
  if (score >= HIGH_BAND_FROM) return 'high';
  if (score >= MEDIUM_BAND_FROM) return 'medium';
  return 'low';
}

/**
 * Combines fired rules as independent evidence: score = 100 * (1 - prod(1 - w/100)), one weight
 * per rule however many times it fired. So a score never exceeds 100, every extra rule raises it,
 * and one strong rule (a sanctions hit) can reach the high band alone. Each rule's `points` is its
 * share of the final score, in the order the rules are listed, so the points add up to the score.
 */
export function scoreFindings(findings: RuleFinding[], weights: Partial<Record<RuleId, number>>, ruleSet: string): ExplainedScore {
  const seen = new Set<RuleId>();
  let remaining = 1;
  let previous = 0;
  const explanation: ExplainedScore['explanation'] = [];
  for (const finding of findings) {
    const weight = Math.max(0, Math.min(100, weights[finding.rule] ?? 0));
    if (!seen.has(finding.rule)) {
      seen.add(finding.rule);
      remaining *= 1 - weight / 100;
    }
    const total = Math.round(100 * (1 - remaining));
    explanation.push({ ...finding, weight, points: total - previous });
    previous = total;
  }
  return { score: previous, band: bandOf(previous), ruleSet, explanation };
}
