import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@fiu/core';
import { AuditService } from '@fiu/audit';
import { normaliseName, normalisePhone } from '@fiu/analysis';
import type { SubjectKind } from './dto/common.response';
import { SearchQueryDto, SearchResponse, SearchResultResponse as SearchResult } from './dto/search.dto';

/** Letters and digits only, upper case: how identifiers are compared (spaces, dots and dashes vary by filer). */
export const compactIdentifier = (value: string) => value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

const VISIBLE_REPORT = "r.superseded_at IS NULL AND r.status IN ('accepted', 'accepted_with_warnings', 'analysed')";
const NARRATIVE = "to_tsvector('simple', coalesce(r.reason, '') || ' ' || coalesce(r.action, ''))";

/**
 * One search box over three ways in, ranked together: an exact identifier (IBAN, document number,
 * phone) scores 1; a fuzzy name (pg_trgm similarity of the normalised name, token order ignored)
 * scores its similarity; a narrative match (PostgreSQL full text over reason, action and
 * transaction descriptions, 'simple' configuration: reports come in many languages, so no stemming)
 * scores rank / (rank + 1), scaled to stay below a good name match. Only current versions of
 * accepted reports are searched: rejected filings and superseded versions are not intelligence.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The console's search box: results, and an audit entry saying who looked for what. */
  async find(query: SearchQueryDto, actor: Actor): Promise<SearchResponse> {
    const results = await this.search(query.q, query.limit ?? 25);
    await this.audit.record(actor, { action: 'search', objectType: 'search', detail: { q: query.q, results: results.length } });
    return { query: query.q, results };
  }

  async search(text: string, limit = 25): Promise<SearchResult[]> {
    const query = text.trim();
    if (!query) return [];
    const [identifiers, names, narratives] = await Promise.all([this.byIdentifier(query, limit), this.byName(query, limit), this.byNarrative(query, limit)]);
    const best = new Map<string, SearchResult>();
    for (const result of [...identifiers, ...names, ...narratives]) {
      const key = `${result.type}:${result.id}`;
      if (!best.has(key) || best.get(key)!.score < result.score) best.set(key, result);
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
  }

  private async byIdentifier(query: string, limit: number): Promise<SearchResult[]> {
    const candidates = new Set([compactIdentifier(query)]);
    const phone = normalisePhone(query);
    if (phone) candidates.add(compactIdentifier(phone));
    if ([...candidates].every((candidate) => candidate.length < 5)) return [];
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (s.id) s.id, s.kind, s.display_name, i.kind AS identifier_kind, i.value
         FROM party_identifiers i
         JOIN party_subject_links l ON l.party_id = i.party_id
         JOIN subjects s ON s.id = l.subject_id
        WHERE upper(regexp_replace(i.value, '[^0-9A-Za-z]', '', 'g')) = ANY($1)
        ORDER BY s.id LIMIT $2`,
      [[...candidates], limit],
    )) as { id: string; kind: SubjectKind; display_name: string | null; identifier_kind: string; value: string }[];
    return rows.map((row) => ({
      type: 'subject',
      id: row.id,
      label: row.display_name ?? row.value,
      score: 1,
      matchedOn: 'identifier',
      subjectKind: row.kind,
      identifier: { kind: row.identifier_kind, value: row.value },
      excerpt: null,
    }));
  }

  private async byName(query: string, limit: number): Promise<SearchResult[]> {
    const normalised = normaliseName(query, 'organisation').normalised;
    if (normalised.length < 3) return [];
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.kind, s.display_name, greatest(similarity(s.search_name, $1), word_similarity($1, s.search_name))::float AS score
         FROM subjects s
        WHERE s.search_name % $1 OR $1 <% s.search_name
        ORDER BY score DESC, s.id LIMIT $2`,
      [normalised, limit],
    )) as { id: string; kind: SubjectKind; display_name: string; score: number }[];
    return rows.map((row) => ({
      type: 'subject',
      id: row.id,
      label: row.display_name,
      score: Number(row.score.toFixed(3)),
      matchedOn: 'name',
      subjectKind: row.kind,
      identifier: null,
      excerpt: null,
    }));
  }

  private async byNarrative(query: string, limit: number): Promise<SearchResult[]> {
    const rows = (await this.dataSource.query(
      `WITH q AS (SELECT websearch_to_tsquery('simple', $1) AS q),
       hits AS (
         SELECT r.id, ts_rank(${NARRATIVE}, q.q, 32) AS rank, ts_headline('simple', coalesce(r.reason, '') || ' ' || coalesce(r.action, ''), q.q) AS excerpt
           FROM reports r, q WHERE ${NARRATIVE} @@ q.q AND ${VISIBLE_REPORT}
         UNION ALL
         SELECT r.id, ts_rank(to_tsvector('simple', coalesce(t.description, '')), q.q, 32), ts_headline('simple', t.description, q.q)
           FROM report_transactions t JOIN reports r ON r.id = t.report_id, q
          WHERE to_tsvector('simple', coalesce(t.description, '')) @@ q.q AND ${VISIBLE_REPORT})
       SELECT * FROM (
         SELECT DISTINCT ON (h.id) h.id, r.fiu_ref, r.report_code, h.rank::float AS rank, h.excerpt
           FROM hits h JOIN reports r ON r.id = h.id
          ORDER BY h.id, h.rank DESC) best
        ORDER BY rank DESC, id LIMIT $2`,
      [query, limit],
    )) as { id: string; fiu_ref: string; report_code: string; rank: number; excerpt: string }[];
    return rows.map(
      (row): SearchResult => ({
        type: 'report',
        id: row.id,
        label: `${row.fiu_ref} (${row.report_code})`,
        score: Number((0.8 * row.rank).toFixed(3)),
        matchedOn: 'narrative',
        subjectKind: null,
        identifier: null,
        excerpt: row.excerpt,
      }));
  }
}
