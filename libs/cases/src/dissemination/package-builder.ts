import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EnvironmentVariables } from '@fiu/core';
import type { AuthorityKind } from '../dto/dissemination.dto';
import type { DisseminationPackageResponse, DisseminationRow } from '../dto/dissemination.response';
import { redact, type RedactionRuleView } from './redaction';

export interface AuthorityRow {
  code: string;
  name: string;
  kind: AuthorityKind;
}
import { RedactionRulesService } from './redaction-rules.service';

export const CLASSIFICATION = 'CONFIDENTIAL: financial intelligence, not evidence';

export interface BuiltPackage {
  package: DisseminationPackageResponse;
  /** Messages from partner FIUs the package carries: each needs its originator's consent (the third-party rule). */
  receivedMessageIds: string[];
}

/**
 * Builds a dissemination's package from the data as it is now, redacted by its recipient kind's
 * rule, with issuedAt null: a preview shows it, an approval freezes it, issuing stamps the time.
 */
@Injectable()
export class PackageBuilder {
  constructor(
    private readonly config: EnvironmentVariables,
    private readonly rules: RedactionRulesService,
  ) {}

  /** The recipient's rule: what a package for it may carry. */
  async ruleFor(manager: EntityManager, authorityCode: string): Promise<{ authority: AuthorityRow; rule: RedactionRuleView }> {
    const [authority] = (await manager.query('SELECT code, name, kind FROM competent_authorities WHERE code = $1', [authorityCode])) as AuthorityRow[];
    return { authority, rule: await this.rules.forKind(manager, authority.kind) };
  }

  /** The partner messages a stored dissemination's package carries (none where its rule withholds partner material). */
  async receivedMessageIds(manager: EntityManager, current: DisseminationRow): Promise<string[]> {
    const { rule } = await this.ruleFor(manager, current.authority_code);
    if (!rule.allowed.includes('partner_material')) return [];
    const rows = (await manager.query("SELECT item_id FROM dissemination_items WHERE dissemination_id = $1 AND item_type = 'exchange_message' ORDER BY item_id", [current.id])) as {
      item_id: string;
    }[];
    return rows.map((row) => row.item_id);
  }

  async build(manager: EntityManager, current: DisseminationRow): Promise<BuiltPackage> {
    const { authority, rule } = await this.ruleFor(manager, current.authority_code);
    const items = (await manager.query('SELECT item_type, item_id FROM dissemination_items WHERE dissemination_id = $1 ORDER BY item_type, item_id', [current.id])) as {
      item_type: string;
      item_id: string;
    }[];
    const ids = (type: string) => items.filter((item) => item.item_type === type).map((item) => item.item_id);
    const reports = (await manager.query(
      `SELECT r.id, r.fiu_ref AS "fiuRef", r.report_code AS "reportCode", r.submission_date::text AS "submissionDate", e.sector AS "filerSector",
              json_build_object('code', e.code, 'name', e.name) AS filer, r.reason, r.action, r.indicators,
              ${current.include_analysis ? 'a.score, a.band, a.explanation' : 'NULL AS score, NULL AS band, NULL AS explanation'},
              (SELECT coalesce(json_agg(json_build_object('date', t.date_transaction, 'amount', t.amount_local, 'mode', t.transmode_code, 'description', t.description) ORDER BY t.position), '[]')
                 FROM report_transactions t WHERE t.report_id = r.id) AS transactions,
              (SELECT coalesce(json_agg(json_build_object('place', p.place, 'kind', p.kind, 'name', p.display_name, 'birthdate', p.birthdate, 'iban', p.iban, 'country', p.country) ORDER BY p.path), '[]')
                 FROM report_parties p WHERE p.report_id = r.id) AS parties
         FROM reports r JOIN reporting_entities e ON e.id = r.entity_id
         LEFT JOIN analysis_results a ON a.report_id = r.id AND a.report_version = r.version
        WHERE r.id = ANY($1) ORDER BY r.fiu_ref`,
      [ids('report')],
    )) as DisseminationPackageResponse['reports'];
    const subjects = (await manager.query(
      `SELECT s.id, s.kind, s.display_name AS "displayName", s.birthdate::text AS birthdate,
              (SELECT coalesce(array_agg(i.key ORDER BY i.key), '{}') FROM subject_identifiers i WHERE i.subject_id = s.id) AS identifiers,
              (SELECT coalesce(json_agg(json_build_object('list', h.source, 'ref', h.source_ref, 'score', h.score, 'matched', h.matched_name) ORDER BY h.score DESC, h.source, h.source_ref), '[]')
                 FROM screening_hits h WHERE h.subject_id = s.id) AS "screeningHits"
         FROM subjects s WHERE s.id = ANY($1) ORDER BY s.id`,
      [ids('subject')],
    )) as DisseminationPackageResponse['subjects'];
    // Material from partner FIUs goes only where the rule allows it, and then only with consent (checked by the caller).
    const receivedMessageIds = rule.allowed.includes('partner_material') ? ids('exchange_message') : [];
    const fromPartners = (await manager.query(
      `SELECT m.country AS originator, m.type, m.body, m.caveats, m.received_at AS "receivedAt" FROM exchange_messages m
        WHERE m.id = ANY($1::uuid[]) ORDER BY m.received_at, m.id`,
      [receivedMessageIds],
    )) as DisseminationPackageResponse['fromPartners'];
    const full: DisseminationPackageResponse = {
      ref: current.ref,
      from: `FIU ${this.config.FIU_COUNTRY}`,
      fromPartners,
      to: current.authority_code,
      recipient: { code: authority.code, name: authority.name, kind: authority.kind },
      classification: CLASSIFICATION,
      purpose: current.purpose,
      caveats: current.caveats,
      issuedAt: null,
      reports,
      subjects,
    };
    // Through JSON once, so hashes are over exactly what a jsonb column keeps (dates as ISO strings).
    return { package: JSON.parse(JSON.stringify(redact(full, rule))) as DisseminationPackageResponse, receivedMessageIds };
  }
}
