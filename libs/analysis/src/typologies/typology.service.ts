import { readFileSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EnvironmentVariables } from '@fiu/core';
import { detectCycles, detectFan, detectRapidMovement, detectStructuring, EVIDENCE_LIMIT, NetworkHit, RunQuery } from './network-detectors';
import { RuleFinding } from './risk-score';
import { RuleId, ruleSetVersion, typologyRules, TypologyRules } from './typology-rules';

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const CYCLE_SEARCH_TIMEOUT_MS = 3000;

/** Runs the typology rules for one report over its own data and the stored transaction network. */
@Injectable()
export class TypologyService {
  private readonly logger = new Logger(TypologyService.name);
  readonly rules: TypologyRules;
  readonly version: string;

  constructor(config: EnvironmentVariables) {
    // A bad rules file stops start-up, with the reason: better than analysing with rules nobody chose.
    this.rules = typologyRules(config.TYPOLOGY_RULES_FILE ? (JSON.parse(readFileSync(config.TYPOLOGY_RULES_FILE, 'utf8')) as Record<string, unknown>) : {});
    this.version = ruleSetVersion(this.rules);
  }

  weights(): Partial<Record<RuleId, number>> {
    return Object.fromEntries(Object.entries(this.rules).flatMap(([id, rule]) => (typeof rule === 'object' ? [[id, rule.weight]] : [])));
  }

  /** Rewrites the report's part of the network (money flows and holder relations) from its resolved parties. */
  async writeMoneyFlows(manager: EntityManager, reportId: string): Promise<number> {
    const { cashTransmodes, cashFundsCodes } = this.rules.structuring;
    await manager.query('DELETE FROM money_flows WHERE report_id = $1', [reportId]);
    const rows = (await manager.query(
      `INSERT INTO money_flows (transaction_id, report_id, from_subject_id, to_subject_id, amount, occurred_at, cash)
       SELECT DISTINCT ON (t.id) t.id, t.report_id, fl.subject_id, tl.subject_id, t.amount_local, t.date_transaction,
              coalesce(t.transmode_code = ANY($2) OR fp.funds_code = ANY($3) OR tp.funds_code = ANY($3), false)
         FROM report_transactions t
         JOIN report_parties fp ON fp.transaction_id = t.id AND fp.place = 'from' AND fp.parent_party_id IS NULL
         JOIN report_parties tp ON tp.transaction_id = t.id AND tp.place = 'to' AND tp.parent_party_id IS NULL
         LEFT JOIN party_subject_links fl ON fl.party_id = fp.id
         LEFT JOIN party_subject_links tl ON tl.party_id = tp.id
        WHERE t.report_id = $1
        ORDER BY t.id, fp.path, tp.path
       RETURNING transaction_id`,
      [reportId, cashTransmodes, cashFundsCodes],
    )) as unknown[];
    // Signatories, holders and directors, between the subjects their parties resolved to.
    await manager.query('DELETE FROM subject_relations WHERE report_id = $1', [reportId]);
    await manager.query(
      `INSERT INTO subject_relations (party_id, report_id, subject_id, related_subject_id, relation)
       SELECT child.id, child.report_id, cl.subject_id, pl.subject_id, child.place
         FROM report_parties child
         JOIN party_subject_links cl ON cl.party_id = child.id
         JOIN party_subject_links pl ON pl.party_id = child.parent_party_id
        WHERE child.report_id = $1 AND child.parent_party_id IS NOT NULL AND cl.subject_id <> pl.subject_id`,
      [reportId],
    );
    return rows.length;
  }

  /** Every rule that fires for the report, each with its evidence, in a stable order. */
  async evaluate(manager: EntityManager, reportId: string): Promise<RuleFinding[]> {
    const run: RunQuery = (sql, parameters) => manager.query(sql, parameters) as Promise<Record<string, unknown>[]>;
    const subjects = (
      (await manager.query(
        `SELECT DISTINCT l.subject_id FROM report_parties p JOIN party_subject_links l ON l.party_id = p.id WHERE p.report_id = $1 ORDER BY 1`,
        [reportId],
      )) as { subject_id: string }[]
    ).map((row) => row.subject_id);
    const own = new Set(
      ((await manager.query('SELECT transaction_id::text AS id FROM money_flows WHERE report_id = $1', [reportId])) as { id: string }[]).map((row) => row.id),
    );
    const flowSubjects = (
      (await manager.query(
        `SELECT DISTINCT s AS subject_id FROM money_flows m, unnest(ARRAY[m.from_subject_id, m.to_subject_id]) s WHERE m.report_id = $1 AND s IS NOT NULL ORDER BY 1`,
        [reportId],
      )) as { subject_id: string }[]
    ).map((row) => row.subject_id);

    const findings: RuleFinding[] = [];
    const rules = this.rules;
    // A network pattern counts for this report only if one of its own transactions is part of it.
    // Several subjects of one report can show the same pattern (the depositor and the account): one
    // finding per rule, described by its largest instance, with the evidence of all of them.
    const network = (rule: RuleId, version: number, hits: NetworkHit[], describe: (hit: NetworkHit) => string) => {
      const relevant = hits.filter((candidate) => candidate.transactionIds.some((id) => own.has(id)));
      if (relevant.length === 0) return;
      const largest = [...relevant].sort((a, b) => b.transactionIds.length - a.transactionIds.length || a.subjectId.localeCompare(b.subjectId))[0];
      findings.push({
        rule,
        ruleVersion: version,
        summary: describe(largest) + (relevant.length > 1 ? ` (${relevant.length} subjects show it)` : ''),
        evidence: {
          transactionIds: sorted(relevant.flatMap((hit) => hit.transactionIds)),
          subjectIds: sorted(relevant.flatMap((hit) => [hit.subjectId, ...((hit.detail.path as string[] | undefined) ?? [])])),
          detail: { instances: relevant.map((hit) => ({ subjectId: hit.subjectId, ...hit.detail })) },
        },
      });
    };

    if (rules.sanctions_hit.enabled && subjects.length > 0) {
      const hits = (await manager.query(
        `SELECT subject_id::text, source, source_ref, score, matched_name FROM screening_hits
          WHERE subject_id = ANY($1) AND score >= $2::float8 ORDER BY score DESC, subject_id, source, source_ref`,
        [subjects, rules.sanctions_hit.minScore],
      )) as { subject_id: string; source: string; source_ref: string; score: number; matched_name: string }[];
      if (hits.length > 0) {
        findings.push({
          rule: 'sanctions_hit',
          ruleVersion: rules.sanctions_hit.version,
          summary: `${hits.length} screening hit(s); best: "${hits[0].matched_name}" on the ${hits[0].source.toUpperCase()} list (${hits[0].source_ref}), score ${hits[0].score.toFixed(2)}`,
          evidence: { transactionIds: [], subjectIds: sorted(hits.map((hit) => hit.subject_id)), detail: { hits } },
        });
      }
    }
    const ownIds = [...own];
    if (rules.structuring.enabled) {
      network('structuring', rules.structuring.version, await detectStructuring(run, flowSubjects, rules.structuring, ownIds), (hit) =>
        `${hit.detail.count as number} ${rules.structuring.cashOnly ? 'cash ' : ''}amounts just under ${rules.structuring.threshold} within ${rules.structuring.windowHours} h (total ${hit.detail.total as string})`,
      );
    }
    if (rules.cycle.enabled) {
      network('cycle', rules.cycle.version, await this.boundedCycleSearch(manager, run, flowSubjects, ownIds), (hit) =>
        `Funds returned to their origin after ${hit.detail.hops as number} hops within ${rules.cycle.windowHours} h`,
      );
    }
    if (rules.rapid_movement.enabled) {
      network('rapid_movement', rules.rapid_movement.version, await detectRapidMovement(run, flowSubjects, rules.rapid_movement, ownIds), (hit) =>
        `${hit.detail.amountIn as string} in and ${hit.detail.amountOut as string} out again within ${hit.detail.hours as number} h`,
      );
    }
    for (const [id, direction] of [['fan_in', 'in'], ['fan_out', 'out']] as const) {
      if (rules[id].enabled) {
        network(id, rules[id].version, await detectFan(run, flowSubjects, rules[id], direction, ownIds), (hit) =>
          `${hit.detail.counterparties as number} distinct counterparties ${direction === 'in' ? 'paying in' : 'paid'} within ${rules[id].windowHours} h`,
        );
      }
    }
    if (rules.high_risk_jurisdiction.enabled) findings.push(...(await this.highRiskJurisdictions(manager, reportId)));
    if (rules.round_amounts.enabled) findings.push(...(await this.roundAmounts(manager, reportId)));
    if (rules.known_subject.enabled && subjects.length > 0) findings.push(...(await this.knownSubjects(manager, reportId)));
    return findings;
  }

  /**
   * The cycle walk branches at every hop; around a hub account it could run for long. It gets a few
   * seconds inside a savepoint: cut short, the report is scored without it and the log says so.
   */
  private async boundedCycleSearch(manager: EntityManager, run: RunQuery, focus: string[], own: string[]): Promise<NetworkHit[]> {
    await manager.query('SAVEPOINT cycle_search');
    await manager.query(`SET LOCAL statement_timeout = ${CYCLE_SEARCH_TIMEOUT_MS}`);
    try {
      const hits = await detectCycles(run, focus, this.rules.cycle, own);
      await manager.query('RELEASE SAVEPOINT cycle_search');
      return hits;
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code !== '57014') throw error;
      await manager.query('ROLLBACK TO SAVEPOINT cycle_search');
      this.logger.warn({ subjects: focus.length, timeoutMs: CYCLE_SEARCH_TIMEOUT_MS }, 'cycle search cut short; the report is scored without it');
      return [];
    } finally {
      await manager.query('SET LOCAL statement_timeout TO DEFAULT');
    }
  }

  private async highRiskJurisdictions(manager: EntityManager, reportId: string): Promise<RuleFinding[]> {
    const rule = this.rules.high_risk_jurisdiction;
    const rows = (await manager.query(
      `WITH places AS (
         SELECT p.id, p.transaction_id, unnest(ARRAY[p.nationality, p.residence, p.country, p.incorporation_country]) AS country FROM report_parties p WHERE p.report_id = $1
         UNION ALL
         SELECT p.id, p.transaction_id, a.country_code FROM party_addresses a JOIN report_parties p ON p.id = a.party_id WHERE a.report_id = $1)
       SELECT places.country, array_agg(DISTINCT l.subject_id::text) FILTER (WHERE l.subject_id IS NOT NULL) AS subjects,
              array_agg(DISTINCT places.transaction_id::text) FILTER (WHERE places.transaction_id IS NOT NULL) AS transactions
         FROM places LEFT JOIN party_subject_links l ON l.party_id = places.id
        WHERE places.country = ANY($2) GROUP BY places.country ORDER BY places.country`,
      [reportId, rule.countries],
    )) as { country: string; subjects: string[] | null; transactions: string[] | null }[];
    if (rows.length === 0) return [];
    return [
      {
        rule: 'high_risk_jurisdiction',
        ruleVersion: rule.version,
        summary: `Involves ${rows.map((row) => row.country).join(', ')}, on the list "${rule.listName}"`,
        evidence: {
          transactionIds: sorted(rows.flatMap((row) => row.transactions ?? [])),
          subjectIds: sorted(rows.flatMap((row) => row.subjects ?? [])),
          detail: { countries: rows.map((row) => row.country), list: rule.listName },
        },
      },
    ];
  }

  private async roundAmounts(manager: EntityManager, reportId: string): Promise<RuleFinding[]> {
    const rule = this.rules.round_amounts;
    const rows = (await manager.query(
      `SELECT id::text, amount_local::text AS amount FROM report_transactions
        WHERE report_id = $1 AND amount_local >= $2::numeric AND mod(amount_local, $3::numeric) = 0 ORDER BY position`,
      [reportId, rule.minAmount, rule.unit],
    )) as { id: string; amount: string }[];
    if (rows.length < rule.minCount) return [];
    return [
      {
        rule: 'round_amounts',
        ruleVersion: rule.version,
        summary: `${rows.length} transactions in round multiples of ${rule.unit}`,
        evidence: { transactionIds: sorted(rows.map((row) => row.id)), subjectIds: [], detail: { amounts: rows.map((row) => row.amount) } },
      },
    ];
  }

  /** Subjects of this report that other reports (by any filer) already named, or that are already in a case. */
  private async knownSubjects(manager: EntityManager, reportId: string): Promise<RuleFinding[]> {
    const rule = this.rules.known_subject;
    const rows = (await manager.query(
      `SELECT l.subject_id::text, count(DISTINCT other.report_id)::int AS count,
              (array_agg(DISTINCT other.report_id::text ORDER BY other.report_id::text))[1:${EVIDENCE_LIMIT}] AS reports
         FROM report_parties p
         JOIN party_subject_links l ON l.party_id = p.id
         JOIN party_subject_links ol ON ol.subject_id = l.subject_id AND ol.party_id <> l.party_id
         JOIN report_parties other ON other.id = ol.party_id AND other.report_id <> p.report_id
        WHERE p.report_id = $1
        GROUP BY l.subject_id HAVING count(DISTINCT other.report_id) >= $2::int ORDER BY l.subject_id`,
      [reportId, rule.minOtherReports],
    )) as { subject_id: string; count: number; reports: string[] }[];
    // Subjects already in a case (read from casework's tables: analysis never writes them).
    const inCases = (await manager.query(
      `SELECT cs.subject_id::text, array_agg(DISTINCT c.ref ORDER BY c.ref) AS cases
         FROM case_subjects cs JOIN cases c ON c.id = cs.case_id
        WHERE cs.subject_id IN (SELECT l.subject_id FROM report_parties p JOIN party_subject_links l ON l.party_id = p.id WHERE p.report_id = $1)
        GROUP BY cs.subject_id ORDER BY cs.subject_id`,
      [reportId],
    )) as { subject_id: string; cases: string[] }[];
    if (rows.length === 0 && inCases.length === 0) return [];
    const reports = sorted(rows.flatMap((row) => row.reports));
    const cases = sorted(inCases.flatMap((row) => row.cases));
    const parts = [
      ...(rows.length ? [`${rows.length} subject(s) already named in ${Math.max(...rows.map((row) => row.count))} other report(s)`] : []),
      ...(inCases.length ? [`${inCases.length} subject(s) already in case(s) ${cases.join(', ')}`] : []),
    ];
    return [
      {
        rule: 'known_subject',
        ruleVersion: rule.version,
        summary: parts.join('; '),
        evidence: { transactionIds: [], subjectIds: sorted([...rows.map((row) => row.subject_id), ...inCases.map((row) => row.subject_id)]), detail: { otherReports: reports.slice(0, EVIDENCE_LIMIT), otherReportCount: Math.max(0, ...rows.map((row) => row.count)), cases } },
      },
    ];
  }
}
