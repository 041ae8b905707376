import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { ALL_QUEUES, redisOptionsFromUrl } from '@fiu/core';
import { generateKeyPairs, jwksThumbprint, KeyFile, KeyRing } from '@fiu/exchange';
import { ADMIN_URL, databaseUrl, TEMPLATE_DATABASE, workerDatabaseName } from '../setup/test-databases';

/** A policy that lets every message type and the usual categories go: what the exchange tests and the bench set between their nodes. */
export const POLICY = {
  exchangeAllowed: true,
  mouRequired: false,
  messageTypes: ['request', 'response', 'spontaneous_disclosure', 'consent_request', 'consent_decision', 'feedback', 'acknowledgement'],
  dataCategories: ['subject_identities', 'identifiers', 'accounts', 'transactions', 'narrative'],
  purposes: ['money laundering analysis'],
  responseDeadlineDays: 7,
  redaction: 'standard',
};

/** One FIU node's settings: its own database, queue prefix, ports and keys. */
export interface NodeSettings {
  country: string;
  database: string;
  queuePrefix: string;
  keysFile: string;
  keyFile: KeyFile;
  exchangePort: number;
}

export type RunningNode = Awaited<ReturnType<typeof import('../../apps/main').startAll>>;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A fresh database cloned from the migrated template, keys in a private temporary folder, a fixed exchange port. */
export async function prepareNode(country: string): Promise<NodeSettings> {
  const database = `${workerDatabaseName()}_${country.toLowerCase()}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const keyFile = { keys: await generateKeyPairs(country) };
  const keysFile = join(mkdtempSync(join(tmpdir(), `fiu-${country}-`)), 'exchange-keys.json');
  writeFileSync(keysFile, JSON.stringify(keyFile), { mode: 0o600 });
  return { country, database, queuePrefix: `fiu-test-${country}-${randomBytes(4).toString('hex')}`, keysFile, keyFile, exchangePort: await freePort() };
}

/** The thumbprint a node's partners confirm before trusting the keys they fetch from its JWKS URL. */
export async function keysThumbprint(settings: Pick<NodeSettings, 'keyFile'>): Promise<string> {
  return jwksThumbprint((await KeyRing.load(settings.keyFile)).publicJwks());
}

/**
 * What registers this node at a partner: its loopback endpoint (so the partner must allow private
 * networks for it) and its JWKS URL with the thumbprint that makes the fetched keys trusted.
 */
export async function partnerRegistration(settings: NodeSettings) {
  const url = `http://127.0.0.1:${settings.exchangePort}`;
  return {
    country: settings.country,
    name: `FIU ${settings.country}`,
    endpointUrl: url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    jwksThumbprint: await keysThumbprint(settings),
    egmontMember: true,
    allowPrivateNetwork: true,
  };
}

const NODE_VARIABLES = ['DATABASE_URL', 'QUEUE_PREFIX', 'FIU_COUNTRY', 'FIU_NAME', 'EXCHANGE_KEYS_FILE', 'EXCHANGE_PORT', 'EXCHANGE_BACKOFF_MS'] as const;

/** Starts a whole node (all four apps) in this process; the configuration is read at boot, so the variables are restored afterwards. */
export async function startNode(settings: NodeSettings): Promise<RunningNode> {
  const saved = Object.fromEntries(NODE_VARIABLES.map((name) => [name, process.env[name]]));
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl(settings.database),
    QUEUE_PREFIX: settings.queuePrefix,
    FIU_COUNTRY: settings.country,
    FIU_NAME: `FIU ${settings.country}`,
    EXCHANGE_KEYS_FILE: settings.keysFile,
    EXCHANGE_PORT: String(settings.exchangePort),
    EXCHANGE_BACKOFF_MS: '200',
  });
  try {
    const { startAll } = await import('../../apps/main');
    return await startAll();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Leaves nothing of a node behind: its queues in Redis, its key folder. */
export async function removeQueues(settings: NodeSettings): Promise<void> {
  rmSync(dirname(settings.keysFile), { recursive: true, force: true });
  for (const name of ALL_QUEUES) {
    const queue = new Queue(name, { connection: redisOptionsFromUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), prefix: settings.queuePrefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
