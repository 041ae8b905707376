import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { EnvironmentVariables, unique, type Actor } from '@fiu/core';
import { CaseworkErrorCode, CaseworkException, invalid, notFound } from './casework.errors';
import { CASE_REPORT_STATUSES } from './cases.service';
import { packageHash } from './dissemination/canonical-json';
import { allowedActions, loadDissemination } from './dissemination/dissemination-rows';
import { PackageBuilder } from './dissemination/package-builder';
import { withheldBy } from './dissemination/redaction';
import { ThirdPartyCheck } from './dissemination/third-party';
import { IntelligenceReportsService } from './intelligence-report/intelligence-reports.service';
import { AuthorityDto, DisseminationListQueryDto, DraftDisseminationDto } from './dto/dissemination.dto';
import {
  AuthorityResponse,
  DisseminationCheckResponse,
  DisseminationItemResponse,
  DisseminationPreviewResponse,
  DisseminationResponse,
  DisseminationStateResponse,
  DisseminationSummaryResponse,
  DisseminationSummaryRow,
} from './dto/dissemination.response';

export { canonicalJson } from './dissemination/canonical-json';

const DEFAULT_CAVEATS =
  'Financial intelligence, not evidence. For the stated purpose only; no onward disclosure without the FIU\'s written consent. The identity of the reporting entity is withheld.';

interface DraftItems {
  authority: AuthorityResponse;
  caseId: string | null;
  reportIds: string[];
  subjectIds: string[];
  receivedMessageIds: string[];
}

/**
 * Domestic dissemination under four-eyes: an analyst drafts a package for a competent authority
 * (checked first: what its rule withholds, whose consent it needs), anyone previews it exactly as
 * it will go; decisions and issue are in DisseminationDecisionsService.
 */
@Injectable()
export class DisseminationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: EnvironmentVariables,
    private readonly builder: PackageBuilder,
    private readonly thirdParty: ThirdPartyCheck,
    private readonly reports: IntelligenceReportsService,
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

  /** A draft before it is submitted: what the recipient's rule withholds, and which items need which partner's consent. */
  async check(input: DraftDisseminationDto, actor: Actor): Promise<DisseminationCheckResponse> {
    return this.dataSource.transaction(async (manager) => {
      const items = await this.resolveItems(manager, input);
      const { rule } = await this.builder.ruleFor(manager, items.authority.code);
      const gated = rule.allowed.includes('partner_material') ? items.receivedMessageIds : [];
      const thirdParty = await this.thirdParty.summarise(manager, gated, items.authority.code);
      await this.audit.record(actor, { action: 'dissemination.check', objectType: 'dissemination', detail: { authorityCode: items.authority.code, blocked: thirdParty.blockedCount } }, manager);
      return {
        authority: items.authority,
        redaction: { recipientKind: items.authority.kind, ruleVersion: rule.version, withheld: withheldBy(rule.allowed) },
        items: { reports: items.reportIds.length, subjects: items.subjectIds.length, receivedMessages: gated.length },
        thirdParty,
      };
    });
  }

  async draft(input: DraftDisseminationDto, actor: Actor): Promise<DisseminationStateResponse> {
    const caveats = input.caveats ?? DEFAULT_CAVEATS;
    const includeAnalysis = input.includeAnalysis ?? true;
    return this.dataSource.transaction(async (manager) => {
      const items = await this.resolveItems(manager, input);
      const { rule } = await this.builder.ruleFor(manager, items.authority.code);
      // The third-party rule, by the exchange's one enforcement point: a draft carrying partner material waits for consent.
      if (rule.allowed.includes('partner_material')) await this.thirdParty.assertAllowed(manager, items.receivedMessageIds, items.authority.code);
      const [{ seq }] = (await manager.query("SELECT nextval('dissemination_ref_seq')::text AS seq")) as { seq: string }[];
      const ref = `${this.config.FIU_COUNTRY}-DIS-${new Date().getUTCFullYear()}-${seq.padStart(6, '0')}`;
      const [row] = (await manager.query(
        `INSERT INTO disseminations (ref, case_id, authority_code, purpose, caveats, include_analysis, author_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [ref, items.caseId, items.authority.code, input.purpose, caveats, includeAnalysis, actor.id],
      )) as { id: string }[];
      await manager.query(
        `INSERT INTO dissemination_items (dissemination_id, item_type, item_id)
         SELECT $1::uuid, 'report', unnest($2::uuid[]) UNION ALL SELECT $1::uuid, 'subject', unnest($3::uuid[])
         UNION ALL SELECT $1::uuid, 'exchange_message', unnest($4::uuid[])`,
        [row.id, items.reportIds, items.subjectIds, items.receivedMessageIds],
      );
      await this.audited(manager, actor, 'dissemination.draft', row.id, {
        ref,
        authorityCode: items.authority.code,
        reportIds: items.reportIds,
        subjectIds: items.subjectIds,
        receivedMessageIds: items.receivedMessageIds,
        caseId: items.caseId,
      });
      return { id: row.id, ref, status: 'draft' };
    });
  }

  async get(id: string, actor: Actor): Promise<DisseminationResponse> {
    const manager = this.dataSource.manager;
    const found = await loadDissemination(manager, id);
    const items = (await manager.query('SELECT item_type, item_id FROM dissemination_items WHERE dissemination_id = $1 ORDER BY item_type, item_id', [id])) as {
      item_type: DisseminationItemResponse['itemType'];
      item_id: string;
    }[];
    const thirdParty = await this.thirdParty.summarise(manager, await this.builder.receivedMessageIds(manager, found), found.authority_code);
    const document = await this.reports.summary(manager, id);
    await this.audited(manager, actor, 'dissemination.read', id, {});
    return DisseminationResponse.from(found, items, { allowedActions: allowedActions(actor, found, thirdParty), thirdParty, document });
  }

  /**
   * The package exactly as it will be issued, redacted for its recipient: built from today's data
   * while a draft, the approved package once approved, the frozen one once issued. Issuing only
   * sets issuedAt; contentSha256 is the hash with issuedAt null.
   */
  async preview(id: string, actor: Actor): Promise<DisseminationPreviewResponse> {
    const preview = await this.dataSource.transaction(async (manager) => {
      const found = await loadDissemination(manager, id);
      const fixed = found.issued_package ?? found.approved_package;
      const pkg = fixed ?? (await this.builder.build(manager, found)).package;
      const contentSha256 = found.status === 'draft' || !found.approved_sha256 ? packageHash({ ...pkg, issuedAt: null }) : found.approved_sha256;
      const thirdParty = await this.thirdParty.summarise(manager, await this.builder.receivedMessageIds(manager, found), found.authority_code);
      return { id, ref: found.ref, status: found.status, frozen: fixed !== null, package: pkg, contentSha256, thirdParty, allowedActions: allowedActions(actor, found, thirdParty) };
    });
    await this.audited(this.dataSource.manager, actor, 'dissemination.preview', id, { status: preview.status, contentSha256: preview.contentSha256 });
    return preview;
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

  /** The recipient and the items of a draft, each checked; with a case and no items listed, the case's reports and subjects. */
  private async resolveItems(manager: EntityManager, input: DraftDisseminationDto): Promise<DraftItems> {
    const [authority] = (await manager.query('SELECT code, name, kind, active FROM competent_authorities WHERE code = $1 AND active', [input.authorityCode])) as AuthorityResponse[];
    if (!authority) throw invalid(`no active competent authority ${input.authorityCode}`);
    const caseId = input.caseId ?? null;
    let reportIds = unique(input.reportIds);
    let subjectIds = unique(input.subjectIds);
    const receivedMessageIds = unique(input.receivedMessageIds);
    if (caseId) {
      if (((await manager.query('SELECT 1 FROM cases WHERE id = $1', [caseId])) as unknown[]).length === 0) throw notFound(`case ${caseId}`);
      if (reportIds.length + subjectIds.length + receivedMessageIds.length === 0) {
        reportIds = ((await manager.query('SELECT report_id FROM case_reports WHERE case_id = $1 ORDER BY added_at', [caseId])) as { report_id: string }[]).map((row) => row.report_id);
        subjectIds = ((await manager.query('SELECT subject_id FROM case_subjects WHERE case_id = $1 ORDER BY added_at', [caseId])) as { subject_id: string }[]).map((row) => row.subject_id);
      }
    }
    if (reportIds.length + subjectIds.length + receivedMessageIds.length === 0) throw invalid('a dissemination needs at least one report, subject or received message');
    const reports = (await manager.query(`SELECT id FROM reports WHERE id = ANY($1) AND status IN (${CASE_REPORT_STATUSES})`, [reportIds])) as unknown[];
    if (reports.length !== reportIds.length) throw invalid('every report must exist and have been accepted');
    if (((await manager.query('SELECT id FROM subjects WHERE id = ANY($1)', [subjectIds])) as unknown[]).length !== subjectIds.length) throw invalid('every subject must exist');
    const received = (await manager.query("SELECT id FROM exchange_messages WHERE id = ANY($1::uuid[]) AND direction = 'in'", [receivedMessageIds])) as unknown[];
    if (received.length !== receivedMessageIds.length) throw invalid('every item from a partner must be a message received from a partner FIU');
    return { authority, caseId, reportIds, subjectIds, receivedMessageIds };
  }

  private async audited(manager: EntityManager, actor: Actor, action: string, id: string, detail: Record<string, unknown>) {
    await this.audit.record(actor, { action, objectType: 'dissemination', objectId: id, detail }, manager);
  }
}
