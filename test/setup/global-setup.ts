import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { ADMIN_URL, databaseUrl, TEMPLATE_DATABASE } from './test-databases';

/** Builds the migrated template database once per run; every jest worker clones it. */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  // The real migration command, as an operator would run it.
  execFileSync('npm', ['run', '-s', 'cli', '--', 'db:migrate'], {
    env: { ...process.env, DATABASE_URL: databaseUrl(TEMPLATE_DATABASE) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
