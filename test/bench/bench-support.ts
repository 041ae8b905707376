import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { GoamlFormat } from '@fiu/reports';

export const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export const out = (line: string) => process.stdout.write(`${line}\n`);

export async function runPool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

export function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Rows of one report as the product writes them, prepared outside the timed part of a baseline. */
export interface PreparedReport {
  entityReference: string;
  document: Buffer;
  sha256: string;
  transactions: Record<string, unknown>[];
  parties: Record<string, unknown>[];
  identifiers: Record<string, unknown>[];
  addresses: Record<string, unknown>[];
}

function multiRowInsert(table: string, columns: string[], rows: Record<string, unknown>[]): [string, unknown[]] {
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${columns.map((column) => `$${values.push(row[column] ?? null)}`).join(', ')})`);
  return [`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values];
}

/**
 * The raw baseline: the same rows the product writes for one report (report, trail, outbox,
 * transactions, parties, identifiers, addresses), as multi-row INSERTs in one transaction.
 */
export async function insertPlain(client: Client | import('pg').PoolClient, entityId: string, report: PreparedReport): Promise<void> {
  await client.query('BEGIN');
  const { rows } = await client.query(
    `INSERT INTO reports (fiu_ref, entity_id, entity_reference, report_code, submission_date, currency_code_local, status, content_type, document, document_sha256)
     VALUES ('PG-' || nextval('report_fiu_ref_seq'), $1, $2, 'STR', current_date, 'EUR', 'accepted', 'application/json', $3, $4) RETURNING id`,
    [entityId, report.entityReference, report.document, report.sha256],
  );
  const reportId = rows[0].id as string;
  await client.query("INSERT INTO report_events (report_id, status) VALUES ($1, 'received'), ($1, 'accepted')", [reportId]);
  await client.query("INSERT INTO outbox (queue, job_name, payload) VALUES ('analysis', 'report.analyse', $1)", [{ reportId }]);
  const tables: [string, Record<string, unknown>[]][] = [
    ['report_transactions', report.transactions],
    ['report_parties', report.parties],
    ['party_identifiers', report.identifiers],
    ['party_addresses', report.addresses],
  ];
  for (const [table, tableRows] of tables) {
    if (tableRows.length === 0) continue;
    const columns = Object.keys(tableRows[0]);
    const [sql, values] = multiRowInsert(table, ['report_id', ...columns], tableRows.map((row) => ({ ...row, report_id: reportId })));
    await client.query(sql, values);
  }
  await client.query('COMMIT');
}

/** Entity properties to column names, as the product's TypeORM entities map them. */
function columns(row: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), key === 'element' ? JSON.stringify(value) : value]),
  );
}

/** Maps a JSON report with the product's own mapper, outside the timed part, for a raw baseline. */
export function preparePlain(format: GoamlFormat, entityCode: string, body: object, entityReference: string): PreparedReport {
  const rows = format.mapJsonRows(entityCode, body);
  const document = Buffer.from(JSON.stringify(body));
  return {
    entityReference,
    document,
    sha256: createHash('sha256').update(document).digest('hex'),
    transactions: rows.transactions.map(columns),
    parties: rows.parties.map(columns),
    identifiers: rows.identifiers.map(columns),
    addresses: rows.addresses.map(columns),
  };
}

/**
 * The raw baseline both benchmarks print: the prepared reports inserted with plain `pg` from
 * this one process over `concurrency` connections. Returns reports per second.
 */
export async function plainInsertRate(prepared: PreparedReport[], concurrency: number, entityCode: string): Promise<number> {
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: concurrency });
  try {
    const [{ id: entityId }] = (await pool.query('INSERT INTO reporting_entities (code, name, sector) VALUES ($1, $2, $3) RETURNING id', [entityCode, 'Plain', 'bank'])).rows;
    const started = process.hrtime.bigint();
    await runPool(prepared.length, concurrency, async (i) => {
      const client = await pool.connect();
      try {
        await insertPlain(client, entityId, prepared[i]);
      } finally {
        client.release();
      }
    });
    return prepared.length / seconds(started);
  } finally {
    await pool.end();
  }
}

/** The raw queue baseline: `count` no-op BullMQ jobs added and processed, in jobs per second. */
export async function noopJobRate(count: number, concurrency: number, prefix: string): Promise<number> {
  const { Queue, Worker } = await import('bullmq');
  const connection = { host: '127.0.0.1', port: 6379 };
  const queue = new Queue('noop', { connection, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker('noop', async () => undefined, { connection, prefix, concurrency });
  worker.on('completed', () => {
    if (++done === count) finish();
  });
  await worker.waitUntilReady();
  const started = process.hrtime.bigint();
  await runPool(count, concurrency, async (i) => {
    await queue.add('noop', { i }, { jobId: `noop-${i}`, removeOnComplete: true });
  });
  await allDone;
  const elapsed = seconds(started);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  out(`  baseline, ${count} no-op BullMQ jobs added and processed: ${elapsed.toFixed(2)} s`);
  return count / elapsed;
}
