import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { EnvironmentVariables, unique, type Actor } from '@fiu/core';
import { OnwardUseGate } from '@fiu/exchange';
import { CaseworkErrorCode, CaseworkException, invalid, notFound } from './casework.errors';
import { CasesService } from './cases.service';
import { AuthorityDto, DisseminationListQueryDto, DraftDisseminationDto } from './dto/dissemination.dto';
import {
  AuthorityResponse,
  DisseminationIssuedResponse,
  DisseminationItemResponse,
  DisseminationPackageResponse,
  DisseminationResponse,
  DisseminationRow,
  DisseminationStateResponse,
  DisseminationSummaryResponse,
  DisseminationSummaryRow,
} from './dto/dissemination.response';

/** JSON with object keys sorted at every level: the form a package's SHA-256 is taken over, so anyone can recompute it from the stored JSON. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) && !(item instanceof Date)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

const DEFAULT_CAVEATS =
  'Financial intelligence, not evidence. For the stated purpose only; no onward disclosure without the FIU\'s written consent. The identity of the reporting entity is withheld.';

/**
 * Domestic dissemination under four-eyes: an analyst drafts a package for a competent authority,
 * a different user with the supervisor role approves (or rejects) it, and issuing freezes the
 * package as it went, with its SHA-256.
 */
@Injectable()
export class DisseminationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CasesService,
    private readonly config: EnvironmentVariables,
    private readonly onwardUse: OnwardUseGate,
  ) {}

  async authorities(): Promise<AuthorityResponse[]> {
    const rows = (await this.dataSource.query('SELECT code, name, kind, active FROM competent_authorities ORDER BY code')) as AuthorityResponse[];
    return rows.map(({ code, name, kind, active }) => ({ code, name, kind, active }));
  }

  async addAuthority(input: AuthorityDto, actor: Actor): Promise<AuthorityResponse> {
    const { code, name, kind } = input;
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query('INSERT INTO competent_authorities (code, name, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING code', [code, name, kind])) as unknown[];
      if (inserted.length === 0) throw new CaseworkException(CaseworkErrorCode.AuthorityExists, `An authority with code ${code} already exists`);
      await this.audit.record(actor, { action: 'authority.create', objectType: 'competent_authority', objectId: code, detail: { name, kind } }, manager);
      return { code, name, kind, active: true };
    });
  }

  async draft(input: DraftDisseminationDto, actor: Actor): Promise<DisseminationStateResponse> {
    const { authorityCode, purpose } = input;
    const caveats = input.caveats ?? DEFAULT_CAVEATS;
    const caseId = input.caseId ?? null;
    const reportIds = unique(input.reportIds);
    const subjectIds = unique(input.subjectIds);
    // Messages received from partner FIUs: they go only with their originator's recorded consent.
    const receivedMessageIds = unique(input.receivedMessageIds);
    if (reportIds.length + subjectIds.length + receivedMessageIds.length === 0) throw invalid('a dissemination needs at least one report, subject or received message');
    const includeAnalysis = input.includeAnalysis ?? true;
    return this.dataSource.transaction(async (manager) => {
      const [authority] = (await manager.query('SELECT code FROM competent_authorities WHERE code = $1 AND active', [authorityCode])) as unknown[];
      if (!authority) throw invalid(`no active competent authority ${authorityCode}`);
      if (caseId && ((await manager.query('SELECT 1 FROM cases WHERE id = $1', [caseId])) as unknown[]).length === 0) throw notFound(`case ${caseId}`);
      if (((await manager.query("SELECT id FROM reports WHERE id = ANY($1) AND status = 'analysed'", [reportIds])) as unknown[]).length !== reportIds.length) {
        throw invalid('every report must exist and be analysed');
      }
      if (((await manager.query('SELECT id FROM subjects WHERE id = ANY($1)', [subjectIds])) as unknown[]).length !== subjectIds.length) throw invalid('every subject must exist');
      // The third-party rule, checked by the exchange's one enforcement point.
      await this.onwardUse.assertAllowed(manager, receivedMessageIds, { kind: 'domestic', authority: authorityCode });
      const [{ seq }] = (await manager.query("SELECT nextval('dissemination_ref_seq')::text AS seq")) as { seq: string }[];
      const ref = `${this.config.FIU_COUNTRY}-DIS-${new Date().getUTCFullYear()}-${seq.padStart(6, '0')}`;
      const [row] = (await manager.query(
        `INSERT INTO disseminations (ref, case_id, authority_code, purpose, caveats, include_analysis, author_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [ref, caseId, authorityCode, purpose, caveats, includeAnalysis, actor.id],
      )) as { id: string }[];
      await manager.query(
        `INSERT INTO dissemination_items (dissemination_id, item_type, item_id)
         SELECT $1::uuid, 'report', unnest($2::uuid[]) UNION ALL SELECT $1::uuid, 'subject', unnest($3::uuid[])
         UNION ALL SELECT $1::uuid, 'exchange_message', unnest($4::uuid[])`,
        [row.id, reportIds, subjectIds, receivedMessageIds],
      );
      await this.audited(manager, actor, 'dissemination.draft', row.id, { ref, authorityCode, reportIds, subjectIds, receivedMessageIds, caseId });
      return { id: row.id, ref, status: 'draft' };
    });
  }

  /** Four-eyes: a supervisor who is not the author approves. The route lets supervisors only; this checks the author. */
  async approve(id: string, actor: Actor): Promise<DisseminationStateResponse> {
    return this.decide(id, actor, 'approved', null);
  }

  async reject(id: string, reason: string, actor: Actor): Promise<DisseminationStateResponse> {
    return this.decide(id, actor, 'rejected', reason);
  }

  /** Issues an approved package: it is built now, frozen with its SHA-256, and never changes again. */
  async issue(id: string, actor: Actor): Promise<DisseminationIssuedResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, id, true);
      if (current.status !== 'approved') {
        throw new CaseworkException(current.status === 'issued' ? CaseworkErrorCode.Frozen : CaseworkErrorCode.InvalidTransition, `A dissemination ${current.status} cannot be issued; it must be approved first`);
      }
      const received = ((await manager.query("SELECT item_id FROM dissemination_items WHERE dissemination_id = $1 AND item_type = 'exchange_message'", [id])) as { item_id: string }[]).map((row) => row.item_id);
      await this.onwardUse.assertAllowed(manager, received, { kind: 'domestic', authority: current.authority_code });
      const issuedAt = new Date();
      // Through JSON once, so the hash is over exactly what the jsonb column keeps (dates as ISO strings).
      const content = JSON.parse(JSON.stringify(await this.buildPackage(manager, current, issuedAt))) as DisseminationPackageResponse;
      const sha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
      await manager.query("UPDATE disseminations SET status = 'issued', issued_by = $2, issued_at = $3, issued_package = $4, package_sha256 = $5, updated_at = now() WHERE id = $1", [
        id,
        actor.id,
        issuedAt,
        content,
        sha256,
      ]);
      if (current.case_id) await this.cases.markDisseminated(manager, current.case_id, actor, current.ref);
      await this.audited(manager, actor, 'dissemination.issue', id, { ref: current.ref, sha256, authorityCode: current.authority_code });
      return { id, ref: current.ref, status: 'issued', packageSha256: sha256, issuedAt: issuedAt.toISOString() };
    });
  }

  async get(id: string, actor: Actor): Promise<DisseminationResponse> {
    const found = await this.load(this.dataSource.manager, id);
    const items = (await this.dataSource.query('SELECT item_type, item_id FROM dissemination_items WHERE dissemination_id = $1 ORDER BY item_type, item_id', [id])) as {
      item_type: DisseminationItemResponse['itemType'];
      item_id: string;
    }[];
    await this.audited(this.dataSource.manager, actor, 'dissemination.read', id, {});
    return DisseminationResponse.from(found, items);
  }

  async list(actor: Actor, query: DisseminationListQueryDto): Promise<DisseminationSummaryResponse[]> {
    const status = query.status;
    const rows = (await this.dataSource.query(
      `SELECT d.id, d.ref, d.authority_code, d.status, d.case_id, a.username AS author, d.created_at, d.issued_at
         FROM disseminations d JOIN staff_users a ON a.id = d.author_id WHERE ($1::text IS NULL OR d.status = $1) ORDER BY d.created_at DESC LIMIT 200`,
      [status ?? null],
    )) as DisseminationSummaryRow[];
    await this.audit.record(actor, { action: 'dissemination.list', objectType: 'dissemination', detail: { status: status ?? null } });
    return rows.map((row) => DisseminationSummaryResponse.from(row));
  }

  private async decide(id: string, actor: Actor, to: 'approved' | 'rejected', reason: string | null): Promise<DisseminationStateResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, id, true);
      if (current.author_id === actor.id) {
        // Logged too: an attempt to approve one's own package is worth knowing about.
        await this.audit.record(actor, { action: 'dissemination.four_eyes_refused', objectType: 'dissemination', objectId: id, detail: { attempted: to } });
        throw new CaseworkException(CaseworkErrorCode.FourEyes, 'Four-eyes: the author of a dissemination cannot approve or reject it; another supervisor must');
      }
      if (current.status !== 'draft') throw new CaseworkException(CaseworkErrorCode.InvalidTransition, `A dissemination ${current.status} cannot be ${to}`);
      await manager.query('UPDATE disseminations SET status = $2, approver_id = $3, decided_at = now(), rejection_reason = $4, updated_at = now() WHERE id = $1', [id, to, actor.id, reason]);
      await this.audited(manager, actor, `dissemination.${to === 'approved' ? 'approve' : 'reject'}`, id, { ref: current.ref, reason });
      return { id, ref: current.ref, status: to };
    });
  }

  /** What goes: the selected reports (narrative, transactions, parties, never the filer's identity), subjects and, if asked, the analysis. */
  private async buildPackage(manager: EntityManager, current: DisseminationRow, issuedAt: Date): Promise<DisseminationPackageResponse> {
    const items = (await manager.query('SELECT item_type, item_id FROM dissemination_items WHERE dissemination_id = $1 ORDER BY item_type, item_id', [current.id])) as {
      item_type: string;
      item_id: string;
    }[];
    const reportIds = items.filter((item) => item.item_type === 'report').map((item) => item.item_id);
    const subjectIds = items.filter((item) => item.item_type === 'subject').map((item) => item.item_id);
    const reports = (await manager.query(
      `SELECT r.id, r.fiu_ref AS "fiuRef", r.report_code AS "reportCode", r.submission_date::text AS "submissionDate", e.sector AS "filerSector", r.reason, r.action, r.indicators,
              ${current.include_analysis ? 'a.score, a.band, a.explanation' : 'NULL AS score, NULL AS band, NULL AS explanation'},
              (SELECT coalesce(json_agg(json_build_object('date', t.date_transaction, 'amount', t.amount_local, 'mode', t.transmode_code, 'description', t.description) ORDER BY t.position), '[]')
                 FROM report_transactions t WHERE t.report_id = r.id) AS transactions,
              (SELECT coalesce(json_agg(json_build_object('place', p.place, 'kind', p.kind, 'name', p.display_name, 'birthdate', p.birthdate, 'iban', p.iban, 'country', p.country) ORDER BY p.path), '[]')
                 FROM report_parties p WHERE p.report_id = r.id) AS parties
         FROM reports r JOIN reporting_entities e ON e.id = r.entity_id
         LEFT JOIN analysis_results a ON a.report_id = r.id AND a.report_version = r.version
        WHERE r.id = ANY($1) ORDER BY r.fiu_ref`,
      [reportIds],
    )) as DisseminationPackageResponse['reports'];
    const subjects = (await manager.query(
      `SELECT s.id, s.kind, s.display_name AS "displayName", s.birthdate::text AS birthdate,
              (SELECT coalesce(array_agg(i.key ORDER BY i.key), '{}') FROM subject_identifiers i WHERE i.subject_id = s.id) AS identifiers,
              (SELECT coalesce(json_agg(json_build_object('list', h.source, 'ref', h.source_ref, 'score', h.score, 'matched', h.matched_name) ORDER BY h.score DESC), '[]')
                 FROM screening_hits h WHERE h.subject_id = s.id) AS "screeningHits"
         FROM subjects s WHERE s.id = ANY($1) ORDER BY s.id`,
      [subjectIds],
    )) as DisseminationPackageResponse['subjects'];
    const fromPartners = (await manager.query(
      `SELECT m.country AS originator, m.type, m.body, m.caveats, m.received_at AS "receivedAt" FROM dissemination_items i JOIN exchange_messages m ON m.id = i.item_id
        WHERE i.dissemination_id = $1 AND i.item_type = 'exchange_message' ORDER BY m.received_at`,
      [current.id],
    )) as DisseminationPackageResponse['fromPartners'];
    return {
      ref: current.ref,
      from: `FIU ${this.config.FIU_COUNTRY}`,
      fromPartners,
      to: current.authority_code,
      purpose: current.purpose,
      caveats: current.caveats,
      issuedAt: issuedAt.toISOString(),
      reports,
      subjects,
    };
  }

  private async load(manager: EntityManager, id: string, lock = false): Promise<DisseminationRow> {
    const [found] = (await manager.query(
      `SELECT id, ref, case_id, authority_code, purpose, caveats, include_analysis, status, author_id, approver_id, decided_at, rejection_reason,
              issued_by, issued_at, issued_package, package_sha256, created_at FROM disseminations WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    )) as DisseminationRow[];
    if (!found) throw notFound(`dissemination ${id}`);
    return found;
  }

  private async audited(manager: EntityManager, actor: Actor, action: string, id: string, detail: Record<string, unknown>) {
    await this.audit.record(actor, { action, objectType: 'dissemination', objectId: id, detail }, manager);
  }
}
