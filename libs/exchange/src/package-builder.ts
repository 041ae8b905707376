import { EntityManager } from 'typeorm';
import type { DataCategory, RedactionProfile } from './policy-engine';

export interface PackageItems {
  reportIds: string[];
  subjectIds: string[];
  receivedMessageIds: string[];
  narrative: string | null;
}

const mask = (value: string) => (value.length <= 4 ? '****' : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`);
const yearOnly = (date: unknown) => (typeof date === 'string' && date.length >= 4 ? date.slice(0, 4) : null);

/** The categories a package made from these items would carry, before the policy removes any. */
export async function categoriesOf(manager: EntityManager, items: PackageItems): Promise<DataCategory[]> {
  const categories = new Set<DataCategory>();
  if (items.narrative || items.receivedMessageIds.length) categories.add('narrative');
  if (items.subjectIds.length) {
    categories.add('subject_identities');
    const [{ ids, accounts }] = (await manager.query(
      `SELECT count(*) FILTER (WHERE key NOT LIKE 'iban:%' AND key NOT LIKE 'account:%')::int AS ids, count(*) FILTER (WHERE key LIKE 'iban:%' OR key LIKE 'account:%')::int AS accounts
         FROM subject_identifiers WHERE subject_id = ANY($1)`,
      [items.subjectIds],
    )) as { ids: number; accounts: number }[];
    if (ids) categories.add('identifiers');
    if (accounts) categories.add('accounts');
  }
  if (items.reportIds.length) {
    for (const category of ['narrative', 'subject_identities', 'accounts', 'transactions', 'analysis_results', 'reporting_entity_identity'] as const) categories.add(category);
  }
  return [...categories];
}

/** Builds the package with only the allowed categories, redacted per the profile. */
export async function buildPackage(manager: EntityManager, items: PackageItems, send: DataCategory[], redaction: RedactionProfile): Promise<Record<string, unknown>> {
  const allowed = new Set(send);
  const content: Record<string, unknown> = { categories: [...allowed].sort(), redaction };
  const identifier = (key: string) => (redaction === 'strict' ? key.replace(/[^:]+$/, (value) => mask(value)) : key);
  if (allowed.has('narrative')) {
    content.narrative = items.narrative;
    if (items.receivedMessageIds.length) {
      content.fromPartners = await manager.query(
        "SELECT country AS originator, type, body, caveats FROM exchange_messages WHERE id = ANY($1) AND direction = 'in' ORDER BY received_at",
        [items.receivedMessageIds],
      );
    }
  }
  if (items.subjectIds.length && allowed.has('subject_identities')) {
    const subjects = (await manager.query(
      `SELECT s.id, s.kind, s.display_name AS name, s.birthdate::text AS birthdate,
              coalesce((SELECT array_agg(i.key ORDER BY i.key) FROM subject_identifiers i WHERE i.subject_id = s.id), '{}') AS keys
         FROM subjects s WHERE s.id = ANY($1) ORDER BY s.id`,
      [items.subjectIds],
    )) as { id: string; kind: string; name: string; birthdate: string | null; keys: string[] }[];
    content.subjects = subjects.map((subject) => ({
      ref: subject.id,
      kind: subject.kind,
      name: subject.name,
      birthdate: redaction === 'none' ? subject.birthdate : yearOnly(subject.birthdate),
      identifiers: allowed.has('identifiers') ? subject.keys.filter((key) => !/^(iban|account):/.test(key)).map(identifier) : undefined,
      accounts: allowed.has('accounts') ? subject.keys.filter((key) => /^(iban|account):/.test(key)).map(identifier) : undefined,
    }));
  }
  if (items.reportIds.length) {
    const reports = (await manager.query(
      `SELECT r.id, r.fiu_ref, r.report_code, r.reason, e.name AS entity_name, a.score, a.band, a.explanation
         FROM reports r JOIN reporting_entities e ON e.id = r.entity_id
         LEFT JOIN analysis_results a ON a.report_id = r.id AND a.report_version = r.version
        WHERE r.id = ANY($1) ORDER BY r.fiu_ref`,
      [items.reportIds],
    )) as Record<string, unknown>[];
    const transactions = allowed.has('transactions')
      ? ((await manager.query(
          `SELECT m.report_id, m.amount::text AS amount, to_char(m.occurred_at, 'YYYY-MM-DD') AS date, m.from_subject_id AS "from", m.to_subject_id AS "to"
             FROM money_flows m WHERE m.report_id = ANY($1) ORDER BY m.occurred_at`,
          [items.reportIds],
        )) as Record<string, unknown>[])
      : [];
    content.reports = reports.map((report) => ({
      ref: report.fiu_ref,
      type: report.report_code,
      narrative: allowed.has('narrative') ? report.reason : undefined,
      reportingEntity: allowed.has('reporting_entity_identity') ? report.entity_name : undefined,
      analysis: allowed.has('analysis_results') ? { score: report.score, band: report.band, rules: ((report.explanation as { summary: string }[] | null) ?? []).map((e) => e.summary) } : undefined,
      transactions: allowed.has('transactions') ? transactions.filter((t) => t.report_id === report.id).map(({ report_id: _report, ...rest }) => rest) : undefined,
    }));
  }
  return content;
}
