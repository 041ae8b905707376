import type { CycleRule, FanRule, RapidMovementRule, StructuringRule } from './typology-rules';

/** Runs one SQL statement and returns its rows: an EntityManager's query, or a pg client's, wrapped. */
export type RunQuery = (sql: string, parameters: unknown[]) => Promise<Record<string, unknown>[]>;

/** A pattern found around one subject of the stored transaction network. */
export interface NetworkHit {
  subjectId: string;
  transactionIds: string[];
  detail: Record<string, unknown>;
}

// Every detector is one set-based statement over `money_flows` for a list of focus subjects, so
// the same code serves one report (its few subjects) and a whole data set (the AMLSim evaluation).

const FOCUS = 'focus AS (SELECT DISTINCT unnest($1::uuid[]) AS subject_id)';
/** At most this many transactions are kept as a finding's evidence (a hub can take part in thousands). */
export const EVIDENCE_LIMIT = 200;

/**
 * Several amounts just under the reporting threshold, to or from one subject, within a window.
 * Counted with a window function over the subject's candidate amounts in time order, so a hub
 * account with thousands of deposits costs a sort, not a self-join. With `own`, only windows that
 * hold one of those transactions count (a report is scored on patterns it takes part in).
 */
export async function detectStructuring(run: RunQuery, focus: string[], rule: StructuringRule, own: string[] | null = null): Promise<NetworkHit[]> {
  const low = rule.threshold * (1 - rule.margin);
  const rows = await run(
    `WITH ${FOCUS},
     candidate AS (
       SELECT f.subject_id, m.transaction_id, m.occurred_at, m.amount FROM focus f JOIN money_flows m ON m.from_subject_id = f.subject_id
        WHERE m.amount >= $2::numeric AND m.amount < $3::numeric AND m.occurred_at IS NOT NULL AND (NOT $4::boolean OR m.cash)
       UNION
       SELECT f.subject_id, m.transaction_id, m.occurred_at, m.amount FROM focus f JOIN money_flows m ON m.to_subject_id = f.subject_id
        WHERE m.amount >= $2::numeric AND m.amount < $3::numeric AND m.occurred_at IS NOT NULL AND (NOT $4::boolean OR m.cash)),
     counted AS (
       SELECT subject_id, occurred_at, count(*) OVER w AS n, sum(amount) OVER w AS total,
              count(*) FILTER (WHERE $7::uuid[] IS NULL OR transaction_id = ANY($7::uuid[])) OVER w AS own_n
         FROM candidate
       WINDOW w AS (PARTITION BY subject_id ORDER BY occurred_at RANGE BETWEEN CURRENT ROW AND $5::float8 * interval '1 hour' FOLLOWING)),
     best AS (
       SELECT DISTINCT ON (subject_id) subject_id, occurred_at AS start_at, n, total FROM counted
        WHERE n >= $6::int AND own_n > 0 ORDER BY subject_id, n DESC, occurred_at)
     SELECT b.subject_id, b.n::int AS count, b.total::text AS total,
            (SELECT array_agg(c.transaction_id::text ORDER BY c.occurred_at, c.transaction_id) FROM (
               SELECT * FROM candidate c WHERE c.subject_id = b.subject_id AND c.occurred_at >= b.start_at AND c.occurred_at <= b.start_at + $5::float8 * interval '1 hour'
                ORDER BY ($7::uuid[] IS NOT NULL AND c.transaction_id = ANY($7::uuid[])) DESC, c.occurred_at, c.transaction_id LIMIT ${EVIDENCE_LIMIT}) c) AS transactions
       FROM best b ORDER BY b.subject_id`,
    [focus, low, rule.threshold, rule.cashOnly, rule.windowHours, rule.minCount, own],
  );
  return rows.map((row) => ({
    subjectId: row.subject_id as string,
    transactionIds: row.transactions as string[],
    detail: { count: row.count, total: row.total, threshold: rule.threshold, band: [low, rule.threshold], windowHours: rule.windowHours, cashOnly: rule.cashOnly },
  }));
}

/** Money in and (nearly all of it) out again within a few hours. */
export async function detectRapidMovement(run: RunQuery, focus: string[], rule: RapidMovementRule, own: string[] | null = null): Promise<NetworkHit[]> {
  const rows = await run(
    `WITH ${FOCUS}
     SELECT DISTINCT ON (f.subject_id) f.subject_id, i.transaction_id::text AS incoming, o.transaction_id::text AS outgoing,
            i.amount::text AS amount_in, o.amount::text AS amount_out, round(extract(epoch FROM o.occurred_at - i.occurred_at) / 3600, 1)::float AS hours
       FROM focus f
       JOIN money_flows i ON i.to_subject_id = f.subject_id AND i.amount >= $2::numeric AND i.occurred_at IS NOT NULL
       JOIN money_flows o ON o.from_subject_id = f.subject_id AND o.transaction_id <> i.transaction_id
        AND o.occurred_at >= i.occurred_at AND o.occurred_at <= i.occurred_at + ($3::float8 * interval '1 hour')
        AND o.amount >= i.amount * $4::numeric AND o.amount <= i.amount * (1 + $5::numeric)
      WHERE $6::uuid[] IS NULL OR i.transaction_id = ANY($6::uuid[]) OR o.transaction_id = ANY($6::uuid[])
      ORDER BY f.subject_id, o.occurred_at - i.occurred_at, i.transaction_id, o.transaction_id`,
    [focus, rule.minAmount, rule.withinHours, rule.minShare, rule.tolerance, own],
  );
  return rows.map((row) => ({
    subjectId: row.subject_id as string,
    transactionIds: [row.incoming as string, row.outgoing as string],
    detail: { amountIn: row.amount_in, amountOut: row.amount_out, hours: row.hours, withinHours: rule.withinHours },
  }));
}

/**
 * Many distinct counterparties paying in (fan-in) or being paid (fan-out) within a window. Over a
 * whole data set every transaction anchors a window; with `own`, the windows are those around the
 * report's own transactions (the window before and after each), which keeps a hub account cheap.
 */
export async function detectFan(run: RunQuery, focus: string[], rule: FanRule, direction: 'in' | 'out', own: string[] | null = null): Promise<NetworkHit[]> {
  const [mine, other] = direction === 'in' ? ['to_subject_id', 'from_subject_id'] : ['from_subject_id', 'to_subject_id'];
  const rows = await run(
    `WITH ${FOCUS},
     anchored AS (
       SELECT f.subject_id, a.transaction_id AS anchor,
              CASE WHEN $4::uuid[] IS NULL THEN a.occurred_at ELSE a.occurred_at - $2::float8 * interval '1 hour' END AS from_at,
              a.occurred_at + $2::float8 * interval '1 hour' AS to_at
         FROM focus f JOIN money_flows a ON a.${mine} = f.subject_id AND a.occurred_at IS NOT NULL
        WHERE $4::uuid[] IS NULL OR a.transaction_id = ANY($4::uuid[])),
     windowed AS (
       SELECT w.subject_id, count(DISTINCT b.${other}) AS counterparties,
              (array_agg(b.transaction_id::text ORDER BY b.occurred_at, b.transaction_id))[1:${EVIDENCE_LIMIT}] AS transactions
         FROM anchored w
         JOIN money_flows b ON b.${mine} = w.subject_id AND b.${other} IS NOT NULL AND b.occurred_at >= w.from_at AND b.occurred_at < w.to_at
        GROUP BY w.subject_id, w.anchor HAVING count(DISTINCT b.${other}) >= $3::int)
     SELECT DISTINCT ON (subject_id) subject_id, counterparties::int AS counterparties, transactions FROM windowed
      ORDER BY subject_id, counterparties DESC, transactions`,
    [focus, rule.windowHours, rule.minCounterparties, own],
  );
  return rows.map((row) => ({
    subjectId: row.subject_id as string,
    transactionIds: row.transactions as string[],
    detail: { counterparties: row.counterparties, windowHours: rule.windowHours },
  }));
}

/**
 * Money returning to where it started through other accounts: a walk of the stored network in
 * time order (each hop no earlier than the last, all within the window), by a recursive CTE.
 * PostgreSQL evaluates the walk breadth first and stops at the LIMIT, so the shortest cycle is
 * found without walking every path; one statement per focus subject keeps that early stop.
 */
export async function detectCycles(run: RunQuery, focus: string[], rule: CycleRule, own: string[] | null = null): Promise<NetworkHit[]> {
  const hits: NetworkHit[] = [];
  for (const origin of [...new Set(focus)].sort()) {
    const rows = await run(
      `WITH RECURSIVE walk(node, path, transactions, first_at, last_at) AS (
         SELECT m.to_subject_id, ARRAY[m.from_subject_id, m.to_subject_id], ARRAY[m.transaction_id::text], m.occurred_at, m.occurred_at
           FROM money_flows m
          WHERE m.from_subject_id = $1 AND m.to_subject_id IS NOT NULL AND m.to_subject_id <> $1 AND m.occurred_at IS NOT NULL
         UNION ALL
         SELECT m.to_subject_id, w.path || m.to_subject_id, w.transactions || m.transaction_id::text, w.first_at, m.occurred_at
           FROM walk w JOIN money_flows m ON m.from_subject_id = w.node
          WHERE w.node <> $1 AND cardinality(w.path) <= $2::int
            AND m.occurred_at >= w.last_at AND m.occurred_at <= w.first_at + ($3::float8 * interval '1 hour')
            AND m.to_subject_id IS NOT NULL AND (m.to_subject_id = $1 OR NOT m.to_subject_id = ANY(w.path)))
       SELECT path::text[] AS path, transactions FROM walk WHERE node = $1 AND ($4::text[] IS NULL OR transactions && $4::text[]) LIMIT 1`,
      [origin, rule.maxHops, rule.windowHours, own],
    );
    if (rows.length > 0) {
      const path = rows[0].path as string[];
      hits.push({ subjectId: origin, transactionIds: rows[0].transactions as string[], detail: { hops: path.length - 1, path } });
    }
  }
  return hits;
}
