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

/** Several amounts just under the reporting threshold, to or from one subject, within a window. */
export async function detectStructuring(run: RunQuery, focus: string[], rule: StructuringRule): Promise<NetworkHit[]> {
  const low = rule.threshold * (1 - rule.margin);
  const rows = await run(
    `WITH ${FOCUS},
     candidate AS (
       SELECT f.subject_id, m.transaction_id, m.occurred_at, m.amount FROM focus f JOIN money_flows m ON m.from_subject_id = f.subject_id
        WHERE m.amount >= $2::numeric AND m.amount < $3::numeric AND m.occurred_at IS NOT NULL AND (NOT $4::boolean OR m.cash)
       UNION
       SELECT f.subject_id, m.transaction_id, m.occurred_at, m.amount FROM focus f JOIN money_flows m ON m.to_subject_id = f.subject_id
        WHERE m.amount >= $2::numeric AND m.amount < $3::numeric AND m.occurred_at IS NOT NULL AND (NOT $4::boolean OR m.cash)),
     windowed AS (
       SELECT a.subject_id, array_agg(b.transaction_id::text ORDER BY b.occurred_at, b.transaction_id) AS transactions, sum(b.amount) AS total
         FROM candidate a JOIN candidate b ON b.subject_id = a.subject_id
          AND b.occurred_at >= a.occurred_at AND b.occurred_at < a.occurred_at + ($5::float8 * interval '1 hour')
        GROUP BY a.subject_id, a.transaction_id HAVING count(*) >= $6::int)
     SELECT DISTINCT ON (subject_id) subject_id, transactions, total::text AS total FROM windowed
      ORDER BY subject_id, cardinality(transactions) DESC, transactions`,
    [focus, low, rule.threshold, rule.cashOnly, rule.windowHours, rule.minCount],
  );
  return rows.map((row) => ({
    subjectId: row.subject_id as string,
    transactionIds: row.transactions as string[],
    detail: { count: (row.transactions as string[]).length, total: row.total, threshold: rule.threshold, band: [low, rule.threshold], windowHours: rule.windowHours, cashOnly: rule.cashOnly },
  }));
}

/** Money in and (nearly all of it) out again within a few hours. */
export async function detectRapidMovement(run: RunQuery, focus: string[], rule: RapidMovementRule): Promise<NetworkHit[]> {
  const rows = await run(
    `WITH ${FOCUS}
     SELECT DISTINCT ON (f.subject_id) f.subject_id, i.transaction_id::text AS incoming, o.transaction_id::text AS outgoing,
            i.amount::text AS amount_in, o.amount::text AS amount_out, round(extract(epoch FROM o.occurred_at - i.occurred_at) / 3600, 1)::float AS hours
       FROM focus f
       JOIN money_flows i ON i.to_subject_id = f.subject_id AND i.amount >= $2::numeric AND i.occurred_at IS NOT NULL
       JOIN money_flows o ON o.from_subject_id = f.subject_id AND o.transaction_id <> i.transaction_id
        AND o.occurred_at >= i.occurred_at AND o.occurred_at <= i.occurred_at + ($3::float8 * interval '1 hour')
        AND o.amount >= i.amount * $4::numeric AND o.amount <= i.amount * (1 + $5::numeric)
      ORDER BY f.subject_id, o.occurred_at - i.occurred_at, i.transaction_id, o.transaction_id`,
    [focus, rule.minAmount, rule.withinHours, rule.minShare, rule.tolerance],
  );
  return rows.map((row) => ({
    subjectId: row.subject_id as string,
    transactionIds: [row.incoming as string, row.outgoing as string],
    detail: { amountIn: row.amount_in, amountOut: row.amount_out, hours: row.hours, withinHours: rule.withinHours },
  }));
}

/** Many distinct counterparties paying in (fan-in) or being paid (fan-out) within a window. */
export async function detectFan(run: RunQuery, focus: string[], rule: FanRule, direction: 'in' | 'out'): Promise<NetworkHit[]> {
  const [own, other] = direction === 'in' ? ['to_subject_id', 'from_subject_id'] : ['from_subject_id', 'to_subject_id'];
  const rows = await run(
    `WITH ${FOCUS},
     windowed AS (
       SELECT f.subject_id, count(DISTINCT b.${other}) AS counterparties,
              array_agg(b.transaction_id::text ORDER BY b.occurred_at, b.transaction_id) AS transactions
         FROM focus f
         JOIN money_flows a ON a.${own} = f.subject_id AND a.occurred_at IS NOT NULL
         JOIN money_flows b ON b.${own} = f.subject_id AND b.${other} IS NOT NULL
          AND b.occurred_at >= a.occurred_at AND b.occurred_at < a.occurred_at + ($2::float8 * interval '1 hour')
        GROUP BY f.subject_id, a.transaction_id HAVING count(DISTINCT b.${other}) >= $3::int)
     SELECT DISTINCT ON (subject_id) subject_id, counterparties::int AS counterparties, transactions FROM windowed
      ORDER BY subject_id, counterparties DESC, transactions`,
    [focus, rule.windowHours, rule.minCounterparties],
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
export async function detectCycles(run: RunQuery, focus: string[], rule: CycleRule): Promise<NetworkHit[]> {
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
       SELECT path::text[] AS path, transactions FROM walk WHERE node = $1 LIMIT 1`,
      [origin, rule.maxHops, rule.windowHours],
    );
    if (rows.length > 0) {
      const path = rows[0].path as string[];
      hits.push({ subjectId: origin, transactionIds: rows[0].transactions as string[], detail: { hops: path.length - 1, path } });
    }
  }
  return hits;
}
