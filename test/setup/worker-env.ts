import { randomBytes } from 'node:crypto';
import { databaseUrl, workerDatabaseName } from './test-databases';

// Runs before any test module is imported: the config is read from these variables.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = databaseUrl(workerDatabaseName());
// One queue prefix per worker and test file, so no job id from an earlier file is ever reused.
process.env.QUEUE_PREFIX = `fiu-test-w${process.env.JEST_WORKER_ID ?? '1'}-${randomBytes(4).toString('hex')}`;
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'warn';
process.env.INTAKE_PORT = '0';
process.env.CONSOLE_PORT = '0';
process.env.EXCHANGE_PORT = '0';
process.env.OUTBOX_POLL_MS = '50';
process.env.JOB_BACKOFF_MS = '100';
process.env.JOB_ATTEMPTS = '4';
process.env.STAFF_TOKEN_SECRET = randomBytes(32).toString('hex');
