import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { MappedRows } from './report-mapper';
import { PartyAddress } from './party-address.entity';
import { PartyIdentifier } from './party-identifier.entity';
import { ReportParty } from './report-party.entity';
import { ReportTransaction } from './report-transaction.entity';

// PostgreSQL takes at most 65,535 bind parameters per statement.
const MAX_PARAMETERS = 60_000;
// Below this many rows a multi-row INSERT is cheaper than setting up a COPY.
const COPY_THRESHOLD = 2_000;

/** One value in COPY's text format: NULL as \N, backslash, tab and line breaks escaped. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'object' ? JSON.stringify(value) : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Streams rows into a table with COPY FROM STDIN on the transaction's own connection. */
async function copyAll(manager: EntityManager, table: string, columns: string[], properties: string[], reportId: string, rows: object[]): Promise<void> {
  const client = (await manager.queryRunner!.connect()) as PoolClient;
  // Rows go out in chunks of about 256 KiB: one socket write per row cost more than the COPY itself.
  const lines = function* () {
    let chunk = '';
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      chunk += `${properties.map((property) => copyValue(property === 'reportId' ? reportId : record[property])).join('\t')}\n`;
      if (chunk.length >= 262_144) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  };
  await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(',')}) FROM STDIN`)));
}

interface TablePlan {
  table: string;
  columns: string[];
  properties: string[];
  rows: object[];
}

function planFor(manager: EntityManager, target: new () => ObjectLiteral, rows: object[]): TablePlan | null {
  if (rows.length === 0) return null;
  const metadata = manager.connection.getMetadata(target);
  const properties = ['reportId', ...Object.keys(rows[0])];
  const columns = properties.map((property) => metadata.findColumnWithPropertyName(property)!.databaseName);
  return { table: metadata.tableName, columns, properties, rows };
}

/** `INSERT ... VALUES (...), (...)` for some rows of a plan, pushing their values onto `values`. */
function insertSql(plan: TablePlan, rows: object[], reportId: string, values: unknown[]): string {
  const tuples = rows.map((row) => {
    const record = row as Record<string, unknown>;
    return `(${plan.properties.map((property) => `$${values.push(property === 'reportId' ? reportId : (record[property] ?? null))}`).join(',')})`;
  });
  return `INSERT INTO "${plan.table}" (${plan.columns.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}`;
}

/**
 * Writes one batch of mapped rows for a report. An ordinary report goes in one statement (the
 * four INSERTs chained as CTEs: one round trip instead of four); large batches are streamed with
 * COPY, or split to stay under PostgreSQL's 65,535 bind parameters. Plain SQL rather than
 * TypeORM's insert builder, whose per-row work dominated the time.
 */
export async function writeRows(manager: EntityManager, reportId: string, rows: MappedRows): Promise<void> {
  const plans = [
    planFor(manager, ReportTransaction, rows.transactions),
    planFor(manager, ReportParty, rows.parties),
    planFor(manager, PartyIdentifier, rows.identifiers),
    planFor(manager, PartyAddress, rows.addresses),
  ].filter((plan): plan is TablePlan => plan !== null);
  const parameters = plans.reduce((sum, plan) => sum + plan.rows.length * plan.columns.length, 0);
  if (parameters === 0) return;
  if (parameters <= MAX_PARAMETERS) {
    const values: unknown[] = [];
    const statements = plans.map((plan) => insertSql(plan, plan.rows, reportId, values));
    const sql = statements.length === 1 ? statements[0] : `WITH ${statements.slice(1).map((statement, i) => `w${i} AS (${statement})`).join(', ')} ${statements[0]}`;
    await manager.query(sql, values);
    return;
  }
  for (const plan of plans) {
    if (plan.rows.length >= COPY_THRESHOLD && manager.queryRunner?.isTransactionActive) {
      await copyAll(manager, plan.table, plan.columns, plan.properties, reportId, plan.rows);
      continue;
    }
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / plan.columns.length));
    for (let start = 0; start < plan.rows.length; start += perStatement) {
      const values: unknown[] = [];
      await manager.query(insertSql(plan, plan.rows.slice(start, start + perStatement), reportId, values), values);
    }
  }
}
