// Names shared by the global setup and each jest worker; relative imports only (no path aliases here).
export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DATABASE = 'fiu_test_template';

export function workerDatabaseName(): string {
  return `fiu_test_w${process.env.JEST_WORKER_ID ?? '1'}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
