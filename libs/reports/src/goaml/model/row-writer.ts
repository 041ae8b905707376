import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { MappedRows } from './report-mapper';
import { PartyAddress } from './party-address.entity';
import { PartyIdentifier } from './party-identifier.entity';
import { ReportParty } from './report-party.entity';
import { ReportTransaction } from './report-transaction.entity';

// PostgreSQL takes at most 65,535 bind parameters per statement; the widest row here has 26 columns.
const ROWS_PER_INSERT = 1000;

async function insertAll<T extends ObjectLiteral>(manager: EntityManager, target: new () => T, rows: T[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await manager.createQueryBuilder().insert().into(target).values(rows.slice(start, start + ROWS_PER_INSERT)).updateEntity(false).execute();
  }
}

/** Writes one batch of mapped rows for a report; parents before children. */
export async function writeRows(manager: EntityManager, reportId: string, rows: MappedRows): Promise<void> {
  await insertAll(manager, ReportTransaction, rows.transactions.map((row) => ({ ...row, reportId })) as ReportTransaction[]);
  await insertAll(manager, ReportParty, rows.parties.map((row) => ({ ...row, reportId })) as ReportParty[]);
  await insertAll(manager, PartyIdentifier, rows.identifiers.map((row) => ({ ...row, reportId })) as PartyIdentifier[]);
  await insertAll(manager, PartyAddress, rows.addresses.map((row) => ({ ...row, reportId })) as PartyAddress[]);
}
