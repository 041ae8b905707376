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

/**
 * Multi-row INSERTs (COPY for large batches) built from the entities' column metadata. Plain SQL
 * rather than TypeORM's insert builder: a large report writes hundreds of thousands of rows and
 * the builder's per-row work dominated the time.
 */
async function insertAll(manager: EntityManager, target: new () => ObjectLiteral, reportId: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const properties = ['reportId', ...Object.keys(rows[0])];
  const columns = properties.map((property) => metadata.findColumnWithPropertyName(property)!.databaseName);
  if (rows.length >= COPY_THRESHOLD && manager.queryRunner?.isTransactionActive) {
    return copyAll(manager, metadata.tableName, columns, properties, reportId, rows);
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const values: unknown[] = [];
    const tuples = rows.slice(start, start + perStatement).map((row) => {
      const record = row as Record<string, unknown>;
      const placeholders = properties.map((property) => `$${values.push(property === 'reportId' ? reportId : (record[property] ?? null))}`);
      return `(${placeholders.join(',')})`;
    });
    await manager.query(`INSERT INTO "${metadata.tableName}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}`, values);
  }
}

/** Writes one batch of mapped rows for a report; parents before children. */
export async function writeRows(manager: EntityManager, reportId: string, rows: MappedRows): Promise<void> {
  await insertAll(manager, ReportTransaction, reportId, rows.transactions);
  await insertAll(manager, ReportParty, reportId, rows.parties);
  await insertAll(manager, PartyIdentifier, reportId, rows.identifiers);
  await insertAll(manager, PartyAddress, reportId, rows.addresses);
}
