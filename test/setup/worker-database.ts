// testTimeout is a global jest option, not a project one; end-to-end tests boot real apps.
jest.setTimeout(30_000);

import { Client } from 'pg';
import { ADMIN_URL, TEMPLATE_DATABASE, workerDatabaseName } from './test-databases';

// Each test file starts from a fresh copy of the migrated template.
beforeAll(async () => {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const name = workerDatabaseName();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
});
