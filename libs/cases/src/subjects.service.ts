import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@fiu/core';
import { AuditService } from '@fiu/audit';
import { notFound } from './casework.errors';
import { MAX_HOPS, MAX_NETWORK_NODES, NetworkEdgeResponse, NetworkNodeResponse, SubjectNetworkResponse } from './dto/network.dto';
import { SubjectPageResponse, SubjectPageRows } from './dto/subject.response';

/** What the console shows about a subject, read in SQL; every read is audited. */
@Injectable()
export class SubjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async page(subjectId: string, actor: Actor): Promise<SubjectPageResponse> {
    const [subject] = (await this.dataSource.query(
      'SELECT id, kind, display_name, given_name, surname, birthdate::text AS birthdate, postcode, city, street, created_at FROM subjects WHERE id = $1',
      [subjectId],
    )) as SubjectPageRows['subject'][];
    if (!subject) throw notFound(`subject ${subjectId}`);
    const [identifiers, reports, transactions, relations, screeningHits, possibleMatches] = await Promise.all([
      this.dataSource.query('SELECT key FROM subject_identifiers WHERE subject_id = $1 ORDER BY key', [subjectId]),
      this.dataSource.query(
        `SELECT r.id, r.fiu_ref, r.report_code, r.status, r.received_at, array_agg(DISTINCT p.place) AS places, max(a.score) AS score, max(a.band) AS band
           FROM party_subject_links l JOIN report_parties p ON p.id = l.party_id JOIN reports r ON r.id = p.report_id
           LEFT JOIN analysis_results a ON a.report_id = r.id AND a.report_version = r.version
          WHERE l.subject_id = $1 AND r.superseded_at IS NULL
          GROUP BY r.id ORDER BY r.received_at DESC LIMIT 500`,
        [subjectId],
      ),
      this.dataSource.query(
        `SELECT m.transaction_id AS id, m.report_id, CASE WHEN m.from_subject_id = $1 THEN 'out' ELSE 'in' END AS direction,
                CASE WHEN m.from_subject_id = $1 THEN m.to_subject_id ELSE m.from_subject_id END AS counterparty_id,
                cp.display_name AS counterparty, m.amount, to_char(m.occurred_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS occurred_at, m.cash
           FROM money_flows m
           LEFT JOIN subjects cp ON cp.id = CASE WHEN m.from_subject_id = $1 THEN m.to_subject_id ELSE m.from_subject_id END
          WHERE m.from_subject_id = $1 OR m.to_subject_id = $1
          ORDER BY m.occurred_at DESC NULLS LAST LIMIT 1000`,
        [subjectId],
      ),
      this.dataSource.query(
        `SELECT DISTINCT r.relation, CASE WHEN r.subject_id = $1 THEN 'holds' ELSE 'held_by' END AS direction, s.id, s.kind, s.display_name
           FROM subject_relations r JOIN subjects s ON s.id = CASE WHEN r.subject_id = $1 THEN r.related_subject_id ELSE r.subject_id END
          WHERE r.subject_id = $1 OR r.related_subject_id = $1 ORDER BY s.display_name`,
        [subjectId],
      ),
      this.dataSource.query(
        'SELECT source, source_ref, score, matched_name, explanation, created_at FROM screening_hits WHERE subject_id = $1 ORDER BY score DESC',
        [subjectId],
      ),
      this.dataSource.query(
        `SELECT m.id, m.party_id, l.subject_id AS linked_subject_id, m.candidate_subject_id, m.score, m.status
           FROM possible_matches m JOIN party_subject_links l ON l.party_id = m.party_id
          WHERE l.subject_id = $1 OR m.candidate_subject_id = $1 ORDER BY m.score DESC`,
        [subjectId],
      ),
    ]);
    await this.audit.record(actor, { action: 'subject.read', objectType: 'subject', objectId: subjectId });
    return SubjectPageResponse.from({ subject, identifiers, reports, transactions, relations, screeningHits, possibleMatches } as SubjectPageRows);
  }

  /** The network for the console: read, then audited with its size and the format asked for. */
  async readNetwork(subjectId: string, hops: number, format: 'json' | 'graphml', actor: Actor): Promise<SubjectNetworkResponse> {
    const network = await this.network(subjectId, hops);
    await this.audit.record(actor, { action: 'subject.network', objectType: 'subject', objectId: subjectId, detail: { hops: network.hops, nodes: network.nodes.length, format } });
    return network;
  }

  /**
   * The network around a subject out to `hops`: subjects (persons, organisations, accounts) joined
   * by transactions and by the relations reports state, walked breadth first by a recursive CTE.
   */
  async network(subjectId: string, hops: number): Promise<SubjectNetworkResponse> {
    const depth = Math.max(1, Math.min(MAX_HOPS, Math.trunc(hops)));
    const nodes = (await this.dataSource.query(
      `WITH RECURSIVE walk(node, depth) AS (
         SELECT $1::uuid, 0
         UNION
         SELECT next.node, w.depth + 1 FROM walk w CROSS JOIN LATERAL (
             SELECT to_subject_id AS node FROM money_flows WHERE from_subject_id = w.node AND to_subject_id IS NOT NULL
             UNION SELECT from_subject_id FROM money_flows WHERE to_subject_id = w.node AND from_subject_id IS NOT NULL
             UNION SELECT related_subject_id FROM subject_relations WHERE subject_id = w.node
             UNION SELECT subject_id FROM subject_relations WHERE related_subject_id = w.node) next
          WHERE w.depth < $2),
       -- Cut to the node cap before reading the subjects: a hub account can be next to thousands.
       nearest AS (SELECT node, min(depth) AS depth FROM walk GROUP BY node ORDER BY depth, node LIMIT $3)
       SELECT s.id, s.kind, s.display_name AS label, n.depth::int AS depth
         FROM nearest n JOIN subjects s ON s.id = n.node
        ORDER BY depth, s.id`,
      [subjectId, depth, MAX_NETWORK_NODES + 1],
    )) as NetworkNodeResponse[];
    if (nodes.length === 0) throw notFound(`subject ${subjectId}`);
    const truncated = nodes.length > MAX_NETWORK_NODES;
    const kept = nodes.slice(0, MAX_NETWORK_NODES);
    const ids = kept.map((node) => node.id);
    const edges = (await this.dataSource.query(
      `SELECT transaction_id::text AS id, from_subject_id AS source, to_subject_id AS target, 'transaction' AS kind, amount::text AS amount,
              to_char(occurred_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS at, report_id AS "reportId"
         FROM money_flows WHERE from_subject_id = ANY($1) AND to_subject_id = ANY($1)
       UNION ALL
       SELECT party_id::text, subject_id, related_subject_id, relation, NULL, NULL, report_id
         FROM subject_relations WHERE subject_id = ANY($1) AND related_subject_id = ANY($1)
       ORDER BY id`,
      [ids],
    )) as NetworkEdgeResponse[];
    return {
      subjectId,
      hops: depth,
      nodes: kept.map(({ id, kind, label, depth: hopsAway }) => ({ id, kind, label, depth: hopsAway })),
      edges: edges.map(({ id, source, target, kind, amount, at, reportId }) => ({ id, source, target, kind, amount, at, reportId })),
      truncated,
    };
  }
}

const xml = (value: unknown) =>
  String(value ?? '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** GraphML (http://graphml.graphdrawing.org), which Gephi, yEd, Cytoscape and i2-style tools read. */
export function toGraphml(network: SubjectNetworkResponse): string {
  const keys = [
    '<key id="kind" for="all" attr.name="kind" attr.type="string"/>',
    '<key id="label" for="node" attr.name="label" attr.type="string"/>',
    '<key id="depth" for="node" attr.name="depth" attr.type="int"/>',
    '<key id="amount" for="edge" attr.name="amount" attr.type="double"/>',
    '<key id="at" for="edge" attr.name="at" attr.type="string"/>',
    '<key id="report" for="edge" attr.name="report" attr.type="string"/>',
  ];
  const nodes = network.nodes.map(
    (node) =>
      `<node id="${xml(node.id)}"><data key="kind">${xml(node.kind)}</data><data key="label">${xml(node.label)}</data><data key="depth">${node.depth}</data></node>`,
  );
  const edges = network.edges.map((edge) => {
    const data = [`<data key="kind">${xml(edge.kind)}</data>`];
    if (edge.amount) data.push(`<data key="amount">${xml(edge.amount)}</data>`);
    if (edge.at) data.push(`<data key="at">${xml(edge.at)}</data>`);
    if (edge.reportId) data.push(`<data key="report">${xml(edge.reportId)}</data>`);
    return `<edge id="${xml(edge.id)}" source="${xml(edge.source)}" target="${xml(edge.target)}">${data.join('')}</edge>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...keys,
    `<graph id="network-${xml(network.subjectId)}" edgedefault="directed">`,
    ...nodes,
    ...edges,
    '</graph>',
    '</graphml>',
  ].join('\n');
}
