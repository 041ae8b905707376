import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { MappedRows } from './report-mapper';
import { PartyAddress } from './party-address.entity';
import { PartyIdentifier } from './party-identifier.entity';
import { ReportParty } from './report-party.entity';
import { ReportTransaction } from './report-transaction.entity';

// PostgreSQL takes at most 65,535 bind parameters per statement.
const MAX_PARAMETERS = 60_000;

/**
 * Multi-row INSERTs built from the entities' column metadata. Plain SQL rather than TypeORM's
 * insert builder: a large report writes hundreds of thousands of rows and the builder's
 * per-row work dominated the time.
 */
async function insertAll(manager: EntityManager, target: new () => ObjectLiteral, reportId: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const properties = ['reportId', ...Object.keys(rows[0])];
  const columns = properties.map((property) => metadata.findColumnWithPropertyName(property)!.databaseName);
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
