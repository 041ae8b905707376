/**
 * bench:exchange — messages/s between two whole FIU nodes (AE and GB, all four apps each) in this
 * one process, each message signed, encrypted, delivered and verified:
 *   AE console (HTTP inject: token check, compose as analyst, four-eyes approval as supervisor,
 *   policy decision, package build, outbox row, audit-log appends) -> AE outbox relay -> BullMQ ->
 *   AE worker's exchange processor (load row and partner, seal: JWS EdDSA + JWE ECDH-ES+A256KW/A256GCM,
 *   POST over loopback) -> GB exchange app (Fastify inbox: open/decrypt, verify against the
 *   registered partner keys, replay check, INSERT, cross-check outbox row, audit-log append) ->
 *   AE marks the message sent. The clock runs from the first compose until GB has stored all N.
 * In the same run, the raw baseline: the same number of messages signed (CompactSign EdDSA),
 * encrypted (CompactEncrypt ECDH-ES+A256KW/A256GCM), POSTed with node:http to a node:http server
 * in this process that decrypts (compactDecrypt), verifies (compactVerify), checks the message id
 * against a Set and answers 202; only `jose` and `node:http`, at the product worker's concurrency.
 *
 * Own databases (fiu_bench_ex_ae, fiu_bench_ex_gb: migrated here, dropped at the end), queue
 * prefixes fiu-bench-ex-<random>-ae/-gb (obliterated at the end), key files in a temporary folder.
 * Knobs: BENCH_MESSAGES (default 500), BENCH_CONCURRENCY (concurrent composers at AE, default 8),
 * BENCH_KEEP_DB=1 (keep the databases), BENCH_EXCHANGE_WORKER_CONCURRENCY (diagnostic only: overrides
 * the concurrency of AE's exchange worker after start; unset = the product as shipped).
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, IncomingMessage, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactDecrypt, CompactEncrypt, CompactSign, compactVerify, generateKeyPair, KeyLike } from 'jose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { NodeSettings, RunningNode } from '../support/fiu-node';
import { ADMIN_URL, dropDatabase, out, runPool, seconds } from './bench-support';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 500);
const COMPOSERS = Number(process.env.BENCH_CONCURRENCY ?? 8);
const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
const WORKER_OVERRIDE = process.env.BENCH_EXCHANGE_WORKER_CONCURRENCY ? Number(process.env.BENCH_EXCHANGE_WORKER_CONCURRENCY) : null;
const WARMUP = Math.min(20, Math.max(5, Math.round(MESSAGES / 25)));
const STALL_SECONDS = 60;
const RUN_ID = randomBytes(3).toString('hex');
const DATABASES = { AE: 'fiu_bench_ex_ae', GB: 'fiu_bench_ex_gb' } as const;

process.env.LOG_LEVEL ??= 'warn';
process.env.INTAKE_PORT = '0';
process.env.CONSOLE_PORT = '0';
process.env.STAFF_TOKEN_SECRET ??= randomBytes(32).toString('hex');
// One access token serves the whole run.
process.env.ACCESS_TOKEN_TTL_SECONDS = '3600';

const NARRATIVE =
  'EUR 480,000 moved through three accounts of Brightwater Ltd in nine days; the funds left for a London account ' +
  'held by Coral Bay Ltd. We disclose this for your analysis of a possible layering scheme.';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rate = (count: number, secs: number) => (secs > 0 ? count / secs : 0);

// ---------------------------------------------------------------------------------------------
// Two nodes

interface Staff {
  admin: string;
  analyst: string;
  supervisor: string;
}

interface Nodes {
  settings: Record<'AE' | 'GB', NodeSettings>;
  ae: RunningNode;
  gb: RunningNode;
  aeStaff: Staff;
  keysDir: string;
}

async function createDatabases(): Promise<void> {
  const { validateEnvironment } = await import('@fiu/core');
  const { migrateDatabase } = await import('@fiu/data-source');
  const { databaseUrl } = await import('../setup/test-databases');
  for (const name of Object.values(DATABASES)) {
    await dropDatabase(name);
    await migrateDatabase(validateEnvironment({ ...process.env, DATABASE_URL: databaseUrl(name) }));
  }
}

async function staffOf(node: RunningNode, country: string): Promise<Staff> {
  const { signedIn } = await import('../support/console-node');
  const app = node.console as NestFastifyApplication;
  const token = async (role: 'admin' | 'analyst' | 'supervisor') => (await signedIn(app, role, `bench.${country.toLowerCase()}.${role}.${RUN_ID}`)).accessToken;
  return { admin: await token('admin'), analyst: await token('analyst'), supervisor: await token('supervisor') };
}

async function call(node: RunningNode, token: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return (node.console as NestFastifyApplication).inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
}

async function startNodes(): Promise<Nodes> {
  const { freePort, partnerRegistration, POLICY, startNode } = await import('../support/fiu-node');
  const { generateKeyPairs } = await import('@fiu/exchange');
  const keysDir = mkdtempSync(join(tmpdir(), 'fiu-bench-ex-'));
  const settings = {} as Record<'AE' | 'GB', NodeSettings>;
  for (const country of ['AE', 'GB'] as const) {
    const keyFile = { keys: await generateKeyPairs(country) };
    const keysFile = join(keysDir, `${country.toLowerCase()}-exchange-keys.json`);
    writeFileSync(keysFile, JSON.stringify(keyFile), { mode: 0o600 });
    settings[country] = {
      country,
      database: DATABASES[country],
      queuePrefix: `fiu-bench-ex-${RUN_ID}-${country.toLowerCase()}`,
      keysFile,
      keyFile,
      exchangePort: await freePort(),
    };
  }
  const ae = await startNode(settings.AE);
  const gb = await startNode(settings.GB);
  const aeStaff = await staffOf(ae, 'AE');
  const gbStaff = await staffOf(gb, 'GB');
  // Each registers the other with the keys it publishes at /.well-known/jwks.json (thumbprint confirmed, loopback allowed), and a policy allowing the exchange.
  for (const [node, admin, other] of [[ae, aeStaff.admin, settings.GB], [gb, gbStaff.admin, settings.AE]] as const) {
    const added = await call(node, admin, 'POST', '/v1/exchange/partners', await partnerRegistration(other));
    if (added.statusCode !== 201) throw new Error(`registering ${other.country} failed: ${added.statusCode} ${added.body}`);
    const policy = await call(node, admin, 'POST', `/v1/exchange/policies/${other.country}`, POLICY);
    if (policy.statusCode !== 201) throw new Error(`the policy for ${other.country} failed: ${policy.statusCode} ${policy.body}`);
  }
  return { settings, ae, gb, aeStaff, keysDir };
}

async function stopNodes(nodes: Partial<Nodes>): Promise<void> {
  const { removeQueues } = await import('../support/fiu-node');
  await nodes.ae?.stop().catch((error: unknown) => out(`  (stopping AE: ${String(error)})`));
  await nodes.gb?.stop().catch((error: unknown) => out(`  (stopping GB: ${String(error)})`));
  for (const settings of Object.values(nodes.settings ?? {})) await removeQueues(settings);
  if (nodes.keysDir) rmSync(nodes.keysDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Product

const db = (node: RunningNode) => node.worker.get(DataSource);

async function inboundCount(gb: RunningNode): Promise<number> {
  const [{ count }] = (await db(gb).query("SELECT count(*)::int AS count FROM exchange_messages WHERE direction = 'in' AND type = 'spontaneous_disclosure'")) as { count: number }[];
  return count;
}

async function composeAndApprove(nodes: Nodes, i: number): Promise<void> {
  const { ae, aeStaff } = nodes;
  const draft = await call(ae, aeStaff.analyst, 'POST', '/v1/exchange/messages', {
    country: 'GB',
    type: 'spontaneous_disclosure',
    purpose: 'money laundering analysis',
    narrative: `Disclosure ${i}. ${NARRATIVE}`,
  });
  if (draft.statusCode !== 201) throw new Error(`compose answered ${draft.statusCode}: ${draft.body}`);
  const approved = await call(ae, aeStaff.supervisor, 'POST', `/v1/exchange/messages/${draft.json().id as string}/approve`);
  if (approved.statusCode !== 200 || approved.json().status !== 'queued') throw new Error(`approve answered ${approved.statusCode}: ${approved.body}`);
}

/** Waits until GB holds `target` inbound disclosures; fails when nothing moves for a minute. */
async function untilReceived(nodes: Nodes, target: number): Promise<void> {
  let last = -1;
  let lastChange = process.hrtime.bigint();
  for (;;) {
    const count = await inboundCount(nodes.gb);
    if (count >= target) return;
    if (count !== last) {
      last = count;
      lastChange = process.hrtime.bigint();
    } else if (seconds(lastChange) > STALL_SECONDS) {
      const states = await db(nodes.ae).query("SELECT status, count(*)::int AS count, max(last_error) AS last_error FROM exchange_messages WHERE direction = 'out' GROUP BY status");
      throw new Error(`stalled at ${count}/${target} received at GB; AE outbound: ${JSON.stringify(states)}`);
    }
    await sleep(25);
  }
}

interface ProductResult {
  rate: number;
  queuedSeconds: number;
  totalSeconds: number;
  sentSeconds: number;
  inboundSpanRate: number;
  workerConcurrency: number;
  configuredConcurrency: number;
  body: Record<string, unknown>;
}

async function measureProduct(nodes: Nodes): Promise<ProductResult> {
  const { ExchangeProcessor } = await import('../../apps/worker/src/exchange.processor');
  const { EnvironmentVariables } = await import('@fiu/core');
  const processor = nodes.ae.worker.get(ExchangeProcessor);
  const shipped = processor.worker.concurrency;
  if (WORKER_OVERRIDE !== null) processor.worker.concurrency = WORKER_OVERRIDE;
  const workerConcurrency = processor.worker.concurrency;
  const configuredConcurrency = nodes.ae.worker.get(EnvironmentVariables).WORKER_CONCURRENCY;
  out(`  AE exchange worker concurrency: ${shipped} as shipped${WORKER_OVERRIDE !== null ? `, overridden to ${workerConcurrency} for this run (BENCH_EXCHANGE_WORKER_CONCURRENCY)` : ''} (WORKER_CONCURRENCY is ${configuredConcurrency})`);

  // Warm-up: JIT, pools, keys, prepared plans; not timed.
  await runPool(WARMUP, Math.min(COMPOSERS, WARMUP), (i) => composeAndApprove(nodes, -1 - i));
  await untilReceived(nodes, WARMUP);

  const aeDb = db(nodes.ae);
  const started = process.hrtime.bigint();
  const startedAt = new Date();
  await runPool(MESSAGES, COMPOSERS, (i) => composeAndApprove(nodes, i));
  const queuedSeconds = seconds(started);
  await untilReceived(nodes, WARMUP + MESSAGES);
  const totalSeconds = seconds(started);
  for (;;) {
    const [{ count }] = (await aeDb.query("SELECT count(*)::int AS count FROM exchange_messages WHERE direction = 'out' AND status = 'sent'")) as { count: number }[];
    if (count >= WARMUP + MESSAGES) break;
    await sleep(10);
  }
  const sentSeconds = seconds(started);
  // The steady delivery rate seen at GB: first to last arrival of the timed messages.
  const [span] = (await db(nodes.gb).query(
    "SELECT count(*)::int AS count, extract(epoch FROM max(received_at) - min(received_at))::float AS secs FROM exchange_messages WHERE direction = 'in' AND received_at >= $1",
    [startedAt],
  )) as { count: number; secs: number }[];
  const [{ body }] = (await aeDb.query("SELECT body FROM exchange_messages WHERE direction = 'out' ORDER BY created_at DESC LIMIT 1")) as { body: Record<string, unknown> }[];
  out(`  product: ${MESSAGES} disclosures composed + approved (${COMPOSERS} concurrent composers) in ${queuedSeconds.toFixed(2)} s (${rate(MESSAGES, queuedSeconds).toFixed(0)}/s);`);
  out(`           all stored at GB after ${totalSeconds.toFixed(2)} s, all marked sent at AE after ${sentSeconds.toFixed(2)} s;`);
  out(`           arrivals at GB, first to last: ${span.count} in ${span.secs.toFixed(2)} s (${rate(span.count - 1, span.secs).toFixed(0)}/s)`);
  return {
    rate: rate(MESSAGES, totalSeconds),
    queuedSeconds,
    totalSeconds,
    sentSeconds,
    inboundSpanRate: rate(span.count - 1, span.secs),
    workerConcurrency,
    configuredConcurrency,
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// Raw baseline: jose + node:http only

interface Baseline {
  server: Server;
  port: number;
  post: (envelope: string) => Promise<number>;
  seal: (payload: object) => Promise<string>;
  close: () => Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.on('error', reject);
  });
}

async function startBaseline(concurrency: number): Promise<Baseline> {
  const sender = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const recipient = await generateKeyPair('ECDH-ES+A256KW', { crv: 'X25519' });
  const seen = new Set<string>();
  const receive = async (envelope: string): Promise<[number, object]> => {
    try {
      const { plaintext } = await compactDecrypt(envelope, recipient.privateKey as KeyLike, { keyManagementAlgorithms: ['ECDH-ES+A256KW'], contentEncryptionAlgorithms: ['A256GCM'] });
      const { payload } = await compactVerify(decoder.decode(plaintext), sender.publicKey as KeyLike, { algorithms: ['EdDSA'] });
      const message = JSON.parse(decoder.decode(payload)) as { jti: string; aud: string; exp: number };
      if (message.aud !== 'GB' || message.exp < Date.now() / 1000) return [400, { reason: 'wrong_recipient' }];
      if (seen.has(message.jti)) return [409, { reason: 'replay' }];
      seen.add(message.jti);
      return [202, { messageId: message.jti, status: 'received' }];
    } catch {
      return [400, { reason: 'tampered' }];
    }
  };
  const server = createServer((req, res) => {
    void readBody(req)
      .then(receive)
      .then(([status, answer]) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (envelope: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/v1/inbox', method: 'POST', agent, headers: { 'content-type': 'application/jose', 'content-length': Buffer.byteLength(envelope) } }, (res) => {
        readBody(res).then((text) => {
          JSON.parse(text);
          resolve(res.statusCode ?? 0);
        }, reject);
      });
      req.on('error', reject);
      req.end(envelope);
    });
  const seal = async (payload: object) => {
    const jws = await new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', kid: 'AE-sig', typ: 'fiu-exchange+jws' }).sign(sender.privateKey);
    return new CompactEncrypt(encoder.encode(jws)).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: 'GB-enc', cty: 'JWS' }).encrypt(recipient.publicKey);
  };
  const close = async () => {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, port, post, seal, close };
}

/** The same number of messages, with the body the product sent, sealed + POSTed + opened + verified. */
async function measureBaseline(concurrency: number, body: Record<string, unknown>): Promise<number> {
  const baseline = await startBaseline(concurrency);
  try {
    const one = async (i: number) => {
      const now = Math.floor(Date.now() / 1000);
      const payload = { jti: randomUUID(), iss: 'AE', aud: 'GB', iat: now, exp: now + 86_400, type: 'spontaneous_disclosure', thread: randomUUID(), inReplyTo: null, body: { ...body, index: i } };
      const status = await baseline.post(await baseline.seal(payload));
      if (status !== 202) throw new Error(`baseline server answered ${status}`);
    };
    await runPool(WARMUP, Math.min(concurrency, WARMUP), one);
    const started = process.hrtime.bigint();
    await runPool(MESSAGES, concurrency, one);
    const secs = seconds(started);
    out(`  baseline, jose + node:http at concurrency ${concurrency}: ${MESSAGES} messages in ${secs.toFixed(2)} s`);
    return rate(MESSAGES, secs);
  } finally {
    await baseline.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const wall = process.hrtime.bigint();
  out(`bench:exchange — ${MESSAGES} spontaneous disclosures AE -> GB (after ${WARMUP} untimed warm-up), two whole nodes in one process, ${COMPOSERS} concurrent composers`);
  out(`  databases ${DATABASES.AE}, ${DATABASES.GB} on ${new URL(ADMIN_URL).host}; queue prefixes fiu-bench-ex-${RUN_ID}-ae/-gb; OUTBOX_POLL_MS=${process.env.OUTBOX_POLL_MS ?? '250 (default)'}`);
  let nodes: Partial<Nodes> = {};
  let product: ProductResult;
  try {
    await createDatabases();
    nodes = await startNodes();
    product = await measureProduct(nodes as Nodes);
  } finally {
    await stopNodes(nodes);
    if (!KEEP_DB) for (const name of Object.values(DATABASES)) await dropDatabase(name);
  }
  const concurrency = product.workerConcurrency;
  const raw = await measureBaseline(concurrency, product.body);
  const rawAtConfigured = product.configuredConcurrency !== concurrency ? await measureBaseline(product.configuredConcurrency, product.body) : null;

  out('');
  out('product path per message: console compose + four-eyes approve (HTTP inject, token check, policy check, package build,');
  out('  outbox row, 3 audit appends) -> outbox relay -> BullMQ -> AE exchange worker (row lock, policy and third-party re-check,');
  out('  partner lookup, seal: EdDSA JWS + ECDH-ES+A256KW/A256GCM JWE, attempts update) -> guarded HTTP POST over loopback');
  out('  (address check, no redirects, size cap, keep-alive) -> GB Fastify inbox (key file check, open/decrypt, sender policy,');
  out('  verify against the registered partner JWKS, replay check, policy lookup, INSERT, cross-check outbox row, audit append)');
  out('  -> AE marks it sent. Timed from the first compose until GB has stored all messages.');
  out(`raw baseline per message: CompactSign EdDSA + CompactEncrypt ECDH-ES+A256KW/A256GCM + node:http POST (keep-alive) to a node:http`);
  out(`  server in this process: compactDecrypt + compactVerify + message-id Set, 202 JSON. Same body as the product's, concurrency ${concurrency}`);
  out(`  (the concurrency AE's exchange worker runs at).`);
  out('');
  out(`exchange messages/s   product ${product.rate.toFixed(1)} | raw jose+node:http ${raw.toFixed(1)} | ratio ${(product.rate / raw).toFixed(3)}`);
  if (rawAtConfigured !== null) {
    out(`  (raw at WORKER_CONCURRENCY=${product.configuredConcurrency}: ${rawAtConfigured.toFixed(1)}/s, ratio ${(product.rate / rawAtConfigured).toFixed(3)})`);
  }
  out(
    `RESULT product_mps=${product.rate.toFixed(1)} raw_mps=${raw.toFixed(1)} ratio=${(product.rate / raw).toFixed(4)} worker_concurrency=${concurrency} ` +
      `queued_s=${product.queuedSeconds.toFixed(2)} delivered_s=${product.totalSeconds.toFixed(2)} gb_arrival_mps=${product.inboundSpanRate.toFixed(1)}`,
  );
  out(`wall time ${seconds(wall).toFixed(1)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
