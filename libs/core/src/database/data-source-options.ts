import { DataSourceOptions, MixedList } from 'typeorm';
import { EnvironmentVariables } from '../config/environment-variables';

export interface DataSourceParts {
  entities: MixedList<Function>;
  migrations: string[];
}

/** Options shared by every app, the CLI and the tests. `synchronize` is never on. */
export function buildDataSourceOptions(config: EnvironmentVariables, parts: DataSourceParts): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'typeorm_migrations',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Not 'error': TypeORM would print the failing query's parameters, which carry report content.
    logging: ['migration'],
    extra: { max: config.DATABASE_POOL_SIZE, application_name: 'fiu-node' },
  };
}
