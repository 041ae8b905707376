import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@fiu/audit';
import type { Actor } from '@fiu/core';
import { notFound } from './casework.errors';
import { CaseTimelineQueryDto } from './dto/case.dto';
import { CaseTimelineEntryResponse, CaseTimelineResponse, TimelineItemResponse, type TimelineKind } from './dto/case.response';

interface TimelineRow {
  id: string;
  at: Date;
  kind: string;
  actor_id: string | null;
  actor_name: string | null;
  detail: Record<string, unknown>;
  items: TimelineItemResponse[] | null;
  full_count: number;
}

const HISTORY_KINDS: Record<string, TimelineKind> = {
  created: 'case_created',
  reports_added: 'reports_added',
  subjects_added: 'subjects_added',
  note_added: 'note_added',
  attachment_added: 'attachment_added',
  status_changed: 'status_changed',
  assigned: 'assigned',
};

// One query over everything a case touches: its own history, its disseminations, the trail of its
// reports, new reports and screening hits on its subjects, and the consent asked for its partner material.
const TIMELINE_SQL = `
WITH linked_reports AS (SELECT report_id, added_at FROM case_reports WHERE case_id = $1),
     linked_subjects AS (SELECT subject_id, added_at FROM case_subjects WHERE case_id = $1),
     case_disseminations AS (SELECT * FROM disseminations WHERE case_id = $1),
     partner_items AS (
       SELECT DISTINCT m.id, m.message_id, m.country, d.authority_code
         FROM case_disseminations d JOIN dissemination_items i ON i.dissemination_id = d.id AND i.item_type = 'exchange_message'
         JOIN exchange_messages m ON m.id = i.item_id),
     entries AS (
  SELECT 'history:' || h.id AS id, h.at, h.action AS kind, h.actor_id::text AS actor_id, u.username AS actor_name, h.detail,
         CASE h.action
           WHEN 'reports_added' THEN (SELECT json_agg(json_build_object('type', 'report', 'id', r.id, 'label', r.fiu_ref)) FROM reports r
                                       WHERE r.id::text IN (SELECT jsonb_array_elements_text(h.detail->'reportIds')))
           WHEN 'subjects_added' THEN (SELECT json_agg(json_build_object('type', 'subject', 'id', s.id, 'label', s.display_name)) FROM subjects s
                                        WHERE s.id::text IN (SELECT jsonb_array_elements_text(h.detail->'subjectIds')))
           WHEN 'note_added' THEN json_build_array(json_build_object('type', 'note', 'id', h.detail->>'noteId', 'label', NULL))
           WHEN 'attachment_added' THEN json_build_array(json_build_object('type', 'attachment', 'id', h.detail->>'attachmentId', 'label', h.detail->>'fileName'))
           WHEN 'assigned' THEN (SELECT json_agg(json_build_object('type', 'staff', 'id', a.id, 'label', a.username)) FROM staff_users a WHERE a.id::text = h.detail->>'to')
         END AS items
    FROM case_history h LEFT JOIN staff_users u ON u.id = h.actor_id WHERE h.case_id = $1
  UNION ALL
  SELECT 'dissemination:' || d.id || ':' || e.step, e.at, 'dissemination_' || e.step, e.actor_id::text, u.username,
         jsonb_build_object('ref', d.ref, 'authorityCode', d.authority_code, 'reason', e.reason, 'packageSha256', e.sha256),
         json_build_array(json_build_object('type', 'dissemination', 'id', d.id, 'label', d.ref))
    FROM case_disseminations d
   CROSS JOIN LATERAL (VALUES ('drafted', d.created_at, d.author_id, NULL::text, NULL::text),
                              ('approved', CASE WHEN d.status IN ('approved', 'issued') THEN d.decided_at END, d.approver_id, NULL, NULL),
                              ('rejected', CASE WHEN d.status = 'rejected' THEN d.decided_at END, d.approver_id, d.rejection_reason, NULL),
                              ('issued', d.issued_at, d.issued_by, NULL, d.package_sha256)) AS e(step, at, actor_id, reason, sha256)
    LEFT JOIN staff_users u ON u.id = e.actor_id
   WHERE e.at IS NOT NULL
  UNION ALL
  SELECT 'report:' || e.id, e.at, 'report_event', NULL, NULL, jsonb_build_object('fiuRef', r.fiu_ref, 'status', e.status, 'detail', e.detail),
         json_build_array(json_build_object('type', 'report', 'id', r.id, 'label', r.fiu_ref))
    FROM linked_reports l JOIN report_events e ON e.report_id = l.report_id JOIN reports r ON r.id = e.report_id
  UNION ALL
  SELECT 'named:' || n.subject_id || ':' || n.report_id, n.at, 'subject_in_new_report', NULL, NULL,
         jsonb_build_object('fiuRef', n.fiu_ref, 'subject', n.display_name),
         json_build_array(json_build_object('type', 'report', 'id', n.report_id, 'label', n.fiu_ref), json_build_object('type', 'subject', 'id', n.subject_id, 'label', n.display_name))
    FROM (SELECT DISTINCT ON (ls.subject_id, r.id) ls.subject_id, r.id AS report_id, r.fiu_ref, s.display_name, l.created_at AS at
            FROM linked_subjects ls JOIN party_subject_links l ON l.subject_id = ls.subject_id AND l.created_at >= ls.added_at
            JOIN report_parties p ON p.id = l.party_id JOIN reports r ON r.id = p.report_id JOIN subjects s ON s.id = ls.subject_id
           WHERE NOT EXISTS (SELECT 1 FROM linked_reports x WHERE x.report_id = r.id)
           ORDER BY ls.subject_id, r.id, l.created_at) n
  UNION ALL
  SELECT 'hit:' || h.id, h.created_at, 'screening_hit', NULL, NULL,
         jsonb_build_object('subject', s.display_name, 'list', h.source, 'listRef', h.source_ref, 'score', h.score, 'matched', h.matched_name),
         json_build_array(json_build_object('type', 'subject', 'id', s.id, 'label', s.display_name))
    FROM linked_subjects ls JOIN screening_hits h ON h.subject_id = ls.subject_id JOIN subjects s ON s.id = ls.subject_id
  UNION ALL
  SELECT 'consent:' || c.id, coalesce(c.received_at, c.sent_at, c.created_at),
         CASE WHEN c.type = 'consent_request' THEN 'consent_requested' ELSE 'consent_decided' END,
         c.created_by::text, u.username,
         jsonb_build_object('country', c.country, 'recipient', c.body->'recipient', 'decision', c.body->>'decision', 'reason', c.body->>'reason', 'status', c.status),
         json_build_array(json_build_object('type', 'exchange_message', 'id', p.id, 'label', 'FIU ' || p.country))
    FROM partner_items p JOIN exchange_messages c ON c.country = p.country AND c.type IN ('consent_request', 'consent_decision')
     AND c.body->>'consentFor' = p.message_id::text
    LEFT JOIN staff_users u ON u.id = c.created_by
)
SELECT *, count(*) OVER ()::int AS full_count FROM entries ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`;

/** A case's timeline: every change of the case and of what it links to, with who and when. */
@Injectable()
export class CaseTimelineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async timeline(caseId: string, query: CaseTimelineQueryDto, actor: Actor): Promise<CaseTimelineResponse> {
    const limit = query.limit ?? 100;
    const offset = query.offset ?? 0;
    const exists = (await this.dataSource.query('SELECT 1 FROM cases WHERE id = $1', [caseId])) as unknown[];
    if (exists.length === 0) throw notFound(`case ${caseId}`);
    const rows = (await this.dataSource.query(TIMELINE_SQL, [caseId, limit, offset])) as TimelineRow[];
    await this.audit.record(actor, { action: 'case.timeline', objectType: 'case', objectId: caseId, detail: { limit, offset } });
    return { caseId, items: rows.map((row) => toEntry(row)), total: rows[0]?.full_count ?? 0, limit, offset };
  }
}

function toEntry(row: TimelineRow): CaseTimelineEntryResponse {
  const kind: TimelineKind = row.id.startsWith('history:') ? (HISTORY_KINDS[row.kind] ?? 'case_changed') : (row.kind as TimelineKind);
  const items = (row.items ?? []).filter((item) => item.id);
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    kind,
    actor: row.actor_id && row.actor_name !== null ? { id: row.actor_id, name: row.actor_name } : null,
    summary: summarise(kind, row.detail, items),
    detail: row.detail,
    items,
  };
}

const labels = (items: TimelineItemResponse[], type: string) =>
  items
    .filter((item) => item.type === type)
    .map((item) => item.label ?? item.id)
    .join(', ');

/** One line in English; the console may say it otherwise from kind and detail. */
export function summarise(kind: TimelineKind, detail: Record<string, unknown>, items: TimelineItemResponse[]): string {
  const text = (key: string) => (detail[key] === null || detail[key] === undefined ? '' : String(detail[key]));
  switch (kind) {
    case 'case_created': {
      const seed = detail.seed as { source?: string; query?: string } | undefined;
      return seed?.source === 'search' ? `Case opened from the search "${seed.query ?? ''}"` : seed?.source ? `Case opened from a ${seed.source}` : 'Case opened';
    }
    case 'reports_added':
      return `Reports added: ${labels(items, 'report')}`;
    case 'subjects_added':
      return `Subjects added: ${labels(items, 'subject')}`;
    case 'note_added':
      return 'Note added';
    case 'attachment_added':
      return `Attachment added: ${text('fileName')}`;
    case 'status_changed':
      return `Status ${text('from')} → ${text('to')}${detail.reason ? `: ${text('reason')}` : ''}`;
    case 'assigned':
      return `Assigned to ${labels(items, 'staff') || text('to')}`;
    case 'case_changed':
      return 'Case changed';
    case 'dissemination_drafted':
      return `Dissemination ${text('ref')} to ${text('authorityCode')} drafted`;
    case 'dissemination_approved':
      return `Dissemination ${text('ref')} approved`;
    case 'dissemination_rejected':
      return `Dissemination ${text('ref')} rejected: ${text('reason')}`;
    case 'dissemination_issued':
      return `Dissemination ${text('ref')} issued (SHA-256 ${text('packageSha256').slice(0, 12)}…)`;
    case 'report_event':
      return `Report ${text('fiuRef')}: ${text('status').replace(/_/g, ' ')}`;
    case 'subject_in_new_report':
      return `${text('subject') || 'A subject of the case'} is named in a new report ${text('fiuRef')}`;
    case 'screening_hit':
      return `Screening hit for ${text('subject')}: ${text('matched')} on the ${text('list')} list (score ${text('score')})`;
    case 'consent_requested':
      return `Consent asked of FIU ${text('country')}`;
    case 'consent_decided':
      return `FIU ${text('country')} ${text('decision') || 'answered'} consent${detail.reason ? `: ${text('reason')}` : ''}`;
    default:
      return kind;
  }
}
