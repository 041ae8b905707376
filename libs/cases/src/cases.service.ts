import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { EnvironmentVariables, unique, type Actor } from '@fiu/core';
import { assertMayClose, assertMayReopen, CaseworkErrorCode, CaseworkException, invalid, isSupervisor, notFound } from './casework.errors';
import { CaseAttachment, CaseStatus } from './casework.entities';
import { TriageService } from './triage.service';
import { AttachmentDto, CaseItemsDto, CaseStatusDto, MAX_ATTACHMENT_BYTES, NewCaseDto } from './dto/case.dto';
import {
  CaseAssignmentResponse,
  CaseAttachmentCreatedResponse,
  CaseItemsAddedResponse,
  CaseNoteCreatedResponse,
  CaseResponse,
  CaseRow,
  CaseRows,
  CaseStatusResponse,
} from './dto/case.response';
import type { CaseRefResponse } from './dto/report-view.response';

/** Which status may follow which; "disseminated" is set by issuing a dissemination, not by hand. */
export const CASE_TRANSITIONS: Record<CaseStatus, CaseStatus[]> = {
  open: ['in_analysis', 'closed'],
  in_analysis: ['proposed_for_dissemination', 'closed'],
  proposed_for_dissemination: ['in_analysis', 'closed'],
  disseminated: ['closed', 'archived'],
  closed: ['in_analysis', 'archived'],
  archived: [],
};

/** Reports a case or a dissemination may hold: accepted ones, analysed or not yet; never a rejected one. */
export const CASE_REPORT_STATUSES = "'accepted', 'accepted_with_warnings', 'analysed'";

const isReopening = (from: CaseStatus, to: CaseStatus) => from === 'closed' && to !== 'archived';

/** The statuses this caller may move the case to now, by the same rules changeStatus enforces. */
export function allowedTransitions(actor: Actor, current: { status: CaseStatus; assignee_id: string | null }): CaseStatus[] {
  const supervisor = isSupervisor(actor);
  return CASE_TRANSITIONS[current.status].filter((to) => {
    if (to === 'closed' && !supervisor && current.assignee_id !== actor.id) return false;
    if (isReopening(current.status, to) && !supervisor) return false;
    return true;
  });
}

/** Cases: opened from reports and subjects, with notes, attachments, a status workflow and a history of every change. */
@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly triage: TriageService,
    private readonly config: EnvironmentVariables,
  ) {}

  /** Opens a case from reports, subjects or a search; whoever opens it holds it. */
  async create(input: NewCaseDto, actor: Actor): Promise<CaseRefResponse> {
    const summary = input.summary ?? null;
    const reportIds = unique(input.reportIds);
    const subjectIds = unique(input.subjectIds);
    const seed = input.seed ? { source: input.seed.source, ...(input.seed.query ? { query: input.seed.query } : {}) } : null;
    return this.dataSource.transaction(async (manager) => {
      const title = input.title ?? (await this.seedTitle(manager, seed, reportIds, subjectIds));
      const [{ seq }] = (await manager.query("SELECT nextval('case_ref_seq')::text AS seq")) as { seq: string }[];
      const ref = `${this.config.FIU_COUNTRY}-CASE-${new Date().getUTCFullYear()}-${seq.padStart(6, '0')}`;
      const [created] = (await manager.query(
        'INSERT INTO cases (ref, title, summary, created_by, assignee_id) VALUES ($1, $2, $3, $4, $4) RETURNING id',
        [ref, title, summary, actor.id],
      )) as { id: string }[];
      await this.history(manager, created.id, actor, 'created', seed ? { title, seed } : { title });
      await this.linkReports(manager, created.id, reportIds, actor);
      await this.linkSubjects(manager, created.id, subjectIds, actor);
      await this.audited(manager, actor, 'case.create', created.id, { ref, reports: reportIds.length, subjects: subjectIds.length, seed: seed?.source ?? null });
      return { id: created.id, ref, status: 'open' };
    });
  }

  async get(caseId: string, actor: Actor): Promise<CaseResponse> {
    const found = await this.load(this.dataSource.manager, caseId);
    const [reports, subjects, notes, attachments, history, disseminations] = await Promise.all([
      this.dataSource.query(
        `SELECT r.id, r.fiu_ref, r.report_code, r.received_at, a.score, a.band FROM case_reports cr JOIN reports r ON r.id = cr.report_id
           LEFT JOIN analysis_results a ON a.report_id = r.id AND a.report_version = r.version WHERE cr.case_id = $1 ORDER BY cr.added_at`,
        [caseId],
      ),
      this.dataSource.query('SELECT s.id, s.kind, s.display_name FROM case_subjects cs JOIN subjects s ON s.id = cs.subject_id WHERE cs.case_id = $1 ORDER BY cs.added_at', [caseId]),
      this.dataSource.query('SELECT n.id, n.text, n.created_at, u.username AS author FROM case_notes n JOIN staff_users u ON u.id = n.author_id WHERE n.case_id = $1 ORDER BY n.created_at', [caseId]),
      this.dataSource.query('SELECT id, file_name, content_type, size, sha256, created_at FROM case_attachments WHERE case_id = $1 ORDER BY created_at', [caseId]),
      this.dataSource.query('SELECT h.id, h.action, h.detail, h.at, u.username AS actor FROM case_history h JOIN staff_users u ON u.id = h.actor_id WHERE h.case_id = $1 ORDER BY h.id', [caseId]),
      this.dataSource.query('SELECT id, ref, authority_code, status, created_at FROM disseminations WHERE case_id = $1 ORDER BY created_at', [caseId]),
    ]);
    await this.audited(this.dataSource.manager, actor, 'case.read', caseId, {});
    return CaseResponse.from({ found, reports, subjects, notes, attachments, history, disseminations } as CaseRows, allowedTransitions(actor, found));
  }

  async addItems(caseId: string, input: CaseItemsDto, actor: Actor): Promise<CaseItemsAddedResponse> {
    const reportIds = unique(input.reportIds);
    const subjectIds = unique(input.subjectIds);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, caseId, true);
      if (current.status === 'archived') throw this.frozen(current.status);
      await this.linkReports(manager, caseId, reportIds, actor);
      await this.linkSubjects(manager, caseId, subjectIds, actor);
      await this.audited(manager, actor, 'case.add_items', caseId, { reportIds, subjectIds });
      return { id: caseId, added: { reports: reportIds.length, subjects: subjectIds.length } };
    });
  }

  async addNote(caseId: string, note: string, actor: Actor): Promise<CaseNoteCreatedResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, caseId, true);
      if (current.status === 'archived') throw this.frozen(current.status);
      const [row] = (await manager.query('INSERT INTO case_notes (case_id, author_id, text) VALUES ($1, $2, $3) RETURNING id, created_at', [caseId, actor.id, note])) as { id: string; created_at: Date }[];
      await this.history(manager, caseId, actor, 'note_added', { noteId: row.id });
      await this.audited(manager, actor, 'case.note', caseId, { noteId: row.id });
      return { id: row.id, createdAt: row.created_at.toISOString() };
    });
  }

  async addAttachment(caseId: string, input: AttachmentDto, actor: Actor): Promise<CaseAttachmentCreatedResponse> {
    const { fileName } = input;
    const contentType = input.contentType ?? 'application/octet-stream';
    const content = Buffer.from(input.contentBase64, 'base64');
    if (content.length === 0 || content.length > MAX_ATTACHMENT_BYTES) throw invalid(`an attachment must hold 1 byte to ${MAX_ATTACHMENT_BYTES} bytes`);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, caseId, true);
      if (current.status === 'archived') throw this.frozen(current.status);
      const sha256 = createHash('sha256').update(content).digest('hex');
      const saved = await manager.save(manager.create(CaseAttachment, { caseId, fileName, contentType, size: content.length, sha256, content, uploadedBy: actor.id }));
      await this.history(manager, caseId, actor, 'attachment_added', { attachmentId: saved.id, fileName, sha256 });
      await this.audited(manager, actor, 'case.attachment', caseId, { attachmentId: saved.id, sha256 });
      return { id: saved.id, fileName, size: content.length, sha256 };
    });
  }

  async attachment(caseId: string, attachmentId: string, actor: Actor) {
    await this.load(this.dataSource.manager, caseId);
    const found = await this.dataSource.manager.findOneBy(CaseAttachment, { id: attachmentId, caseId });
    if (!found) throw notFound(`attachment ${attachmentId} on this case`);
    await this.audited(this.dataSource.manager, actor, 'case.attachment_read', caseId, { attachmentId });
    return { fileName: found.fileName, contentType: found.contentType, content: found.content };
  }

  /**
   * Moves a case along its workflow. Closing is for its assignee or a supervisor, reopening a closed
   * case for a supervisor, and both need a reason.
   */
  async changeStatus(caseId: string, input: CaseStatusDto, actor: Actor): Promise<CaseStatusResponse> {
    const { status: to } = input;
    const reason = input.reason ?? null;
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, caseId, true);
      if (!CASE_TRANSITIONS[current.status].includes(to)) {
        throw new CaseworkException(CaseworkErrorCode.InvalidTransition, `A case ${current.status} cannot move to ${to} (allowed: ${CASE_TRANSITIONS[current.status].join(', ') || 'none'})`);
      }
      const closing = to === 'closed';
      const reopening = isReopening(current.status, to);
      if (closing) assertMayClose(actor, current.assignee_id, 'case');
      if (reopening) assertMayReopen(actor, 'case');
      if ((closing || reopening) && !reason) throw invalid(`a reason is required to ${closing ? 'close' : 'reopen'} a case`);
      await this.setStatus(manager, caseId, current.status, to, actor, reason, closing ? 'case.close' : reopening ? 'case.reopen' : 'case.status');
      return { id: caseId, status: to };
    });
  }

  /** A supervisor hands a case to an analyst or another supervisor. */
  async assign(caseId: string, assigneeId: string, actor: Actor): Promise<CaseAssignmentResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, caseId, true);
      if (current.status === 'archived') throw this.frozen(current.status);
      const [staff] = (await manager.query('SELECT role FROM staff_users WHERE id = $1', [assigneeId])) as { role: string }[];
      if (!staff || !['analyst', 'supervisor'].includes(staff.role)) throw invalid('the assignee must be an analyst or a supervisor');
      await manager.query('UPDATE cases SET assignee_id = $2, updated_at = now() WHERE id = $1', [caseId, assigneeId]);
      await this.history(manager, caseId, actor, 'assigned', { from: current.assignee_id, to: assigneeId });
      await this.audited(manager, actor, 'case.assign', caseId, { from: current.assignee_id, to: assigneeId });
      return { id: caseId, assigneeId };
    });
  }

  /** Used by disseminations, in their transaction: the case records that it was disseminated. */
  async markDisseminated(manager: EntityManager, caseId: string, actor: Actor, disseminationRef: string): Promise<void> {
    const current = await this.load(manager, caseId, true);
    if (current.status !== 'disseminated') await this.setStatus(manager, caseId, current.status, 'disseminated', actor, `dissemination ${disseminationRef} issued`);
  }

  private async setStatus(manager: EntityManager, caseId: string, from: CaseStatus, to: CaseStatus, actor: Actor, reason: string | null, action = 'case.status') {
    await manager.query('UPDATE cases SET status = $2, updated_at = now() WHERE id = $1', [caseId, to]);
    await this.history(manager, caseId, actor, 'status_changed', { from, to, reason });
    await this.audited(manager, actor, action, caseId, { from, to, reason });
  }

  private async load(manager: EntityManager, caseId: string, lock = false): Promise<CaseRow> {
    const [found] = (await manager.query(
      `SELECT id, ref, title, summary, status, created_by, assignee_id, created_at, updated_at FROM cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [caseId],
    )) as CaseRow[];
    if (!found) throw notFound(`case ${caseId}`);
    return found;
  }

  /** A title from where the case came from: the search, the report's reference or the subject's name. */
  private async seedTitle(manager: EntityManager, seed: { source: string; query?: string } | null, reportIds: string[], subjectIds: string[]): Promise<string> {
    if (seed?.source === 'search' && seed.query) return `Search: ${seed.query}`.slice(0, 300);
    if (reportIds.length && seed?.source !== 'subject') {
      const [report] = (await manager.query('SELECT fiu_ref FROM reports WHERE id = $1', [reportIds[0]])) as { fiu_ref: string }[];
      if (report) return `Report ${report.fiu_ref}${reportIds.length > 1 ? ` and ${reportIds.length - 1} more` : ''}`;
    }
    if (subjectIds.length) {
      const [subject] = (await manager.query('SELECT display_name FROM subjects WHERE id = $1', [subjectIds[0]])) as { display_name: string | null }[];
      if (subject) return `${subject.display_name ?? 'Unnamed subject'}${subjectIds.length > 1 ? ` and ${subjectIds.length - 1} more` : ''}`.slice(0, 300);
    }
    throw invalid('a case needs a title, or a seed to take one from');
  }

  private async linkReports(manager: EntityManager, caseId: string, reportIds: string[], actor: Actor) {
    if (reportIds.length === 0) return;
    // Any report the FIU accepted may join a case, analysed or not yet: search finds both.
    const known = (await manager.query(`SELECT id FROM reports WHERE id = ANY($1) AND status IN (${CASE_REPORT_STATUSES})`, [reportIds])) as { id: string }[];
    if (known.length !== reportIds.length) throw invalid('every report of a case must exist and have been accepted');
    const added = (await manager.query(
      'INSERT INTO case_reports (case_id, report_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING report_id',
      [caseId, reportIds],
    )) as { report_id: string }[];
    for (const { report_id } of added) await this.triage.markLinked(manager, report_id);
    if (added.length) await this.history(manager, caseId, actor, 'reports_added', { reportIds: added.map((row) => row.report_id) });
  }

  private async linkSubjects(manager: EntityManager, caseId: string, subjectIds: string[], actor: Actor) {
    if (subjectIds.length === 0) return;
    const known = (await manager.query('SELECT id FROM subjects WHERE id = ANY($1)', [subjectIds])) as { id: string }[];
    if (known.length !== subjectIds.length) throw invalid('every subject of a case must exist');
    const added = (await manager.query(
      'INSERT INTO case_subjects (case_id, subject_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING subject_id',
      [caseId, subjectIds],
    )) as { subject_id: string }[];
    if (added.length) await this.history(manager, caseId, actor, 'subjects_added', { subjectIds: added.map((row) => row.subject_id) });
  }

  private async history(manager: EntityManager, caseId: string, actor: Actor, action: string, detail: Record<string, unknown>) {
    await manager.query('INSERT INTO case_history (case_id, actor_id, action, detail) VALUES ($1, $2, $3, $4)', [caseId, actor.id, action, detail]);
  }

  private async audited(manager: EntityManager, actor: Actor, action: string, caseId: string, detail: Record<string, unknown>) {
    await this.audit.record(actor, { action, objectType: 'case', objectId: caseId, detail }, manager);
  }

  private frozen(status: string) {
    return new CaseworkException(CaseworkErrorCode.Frozen, `A case ${status} cannot change; reopen it first`);
  }
}
