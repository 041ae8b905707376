// Names shared by the global setup and each jest worker; relative imports only (no path aliases here).
export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// TEST_DB_PREFIX lets two jest runs share one PostgreSQL without touching each other's databases.
const PREFIX = process.env.TEST_DB_PREFIX ?? 'fiu_test';
export const TEMPLATE_DATABASE = `${PREFIX}_template`;

export function workerDatabaseName(): string {
  return `${PREFIX}_w${process.env.JEST_WORKER_ID ?? '1'}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
