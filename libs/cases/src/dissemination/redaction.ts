import { DISSEMINATION_CATEGORIES, type DisseminationCategory } from '../casework.entities';
import type { DisseminationPackageResponse } from '../dto/dissemination.response';

/** A recipient kind's rule: what may go (and its version, recorded in every package). */
export interface RedactionRuleView {
  recipientKind: string;
  allowed: DisseminationCategory[];
  version: number;
}

/** Deny by default: a kind with no rule gets the references only. */
export const NO_RULE = (recipientKind: string): RedactionRuleView => ({ recipientKind, allowed: [], version: 0 });

export const withheldBy = (allowed: readonly DisseminationCategory[]): DisseminationCategory[] => DISSEMINATION_CATEGORIES.filter((category) => !allowed.includes(category));

/**
 * Applies a recipient kind's rule to a full package: what the rule withholds is emptied (null or
 * []), never silently dropped, and the package says what was withheld and under which version.
 */
export function redact(full: DisseminationPackageResponse, rule: RedactionRuleView): DisseminationPackageResponse {
  const allows = (category: DisseminationCategory) => rule.allowed.includes(category);
  return {
    ...full,
    fromPartners: allows('partner_material') ? full.fromPartners : [],
    reports: full.reports.map((report) => ({
      ...report,
      filer: allows('reporting_entity_identity') ? (report.filer ?? null) : null,
      reason: allows('narrative') ? report.reason : null,
      action: allows('narrative') ? report.action : null,
      indicators: allows('narrative') ? report.indicators : [],
      score: allows('analysis') ? report.score : null,
      band: allows('analysis') ? report.band : null,
      explanation: allows('analysis') ? report.explanation : null,
      transactions: allows('transactions') ? report.transactions.map((transaction) => ({ ...transaction, description: allows('narrative') ? transaction.description : null })) : [],
      parties: allows('parties') ? report.parties.map((party) => ({ ...party, iban: allows('identifiers') ? party.iban : null })) : [],
    })),
    subjects: full.subjects.map((subject) => ({
      ...subject,
      identifiers: allows('identifiers') ? subject.identifiers : [],
      screeningHits: allows('screening_hits') ? subject.screeningHits : [],
    })),
    redaction: { recipientKind: full.recipient?.kind ?? (rule.recipientKind as never), ruleVersion: rule.version, withheld: withheldBy(rule.allowed) },
  };
}
