import 'reflect-metadata';
import { DataSource } from 'typeorm';
import {
  buildDataSourceOptions,
  DataSourceParts,
  ensureDatabaseExists,
  EnvironmentVariables,
  JobProgress,
  OutboxEntry,
  validateEnvironment,
} from '@fiu/core';
import { REPORTS_ENTITIES } from '@fiu/reports';
import { ANALYSIS_ENTITIES } from '@fiu/analysis';
import { STAFF_ENTITIES } from '@fiu/staff';
import { AUDIT_ENTITIES } from '@fiu/audit';
import { CASEWORK_ENTITIES } from '@fiu/cases';
import { EXCHANGE_ENTITIES } from '@fiu/exchange';

/** Every entity of every context, listed explicitly, and the migrations beside this file. */
export const DATA_SOURCE_PARTS: DataSourceParts = {
  entities: [OutboxEntry, JobProgress, ...REPORTS_ENTITIES, ...ANALYSIS_ENTITIES, ...STAFF_ENTITIES, ...AUDIT_ENTITIES, ...CASEWORK_ENTITIES, ...EXCHANGE_ENTITIES],
  migrations: [`${__dirname}/[0-9]*-*.{js,ts}`],
};

export function createDataSource(config: EnvironmentVariables = validateEnvironment(process.env)): DataSource {
  return new DataSource(buildDataSourceOptions(config, DATA_SOURCE_PARTS));
}

/** Creates the database if missing and runs every pending migration; returns the names it ran. */
export async function migrateDatabase(config: EnvironmentVariables = validateEnvironment(process.env)): Promise<string[]> {
  await ensureDatabaseExists(config.DATABASE_URL);
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
