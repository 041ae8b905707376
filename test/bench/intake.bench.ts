/**
 * bench:intake
 * (a) JSON reports of 5 transactions and 8 parties filed over HTTP by concurrent clients: reports/s,
 *     next to the same rows inserted with plain `pg` multi-row INSERTs from one process.
 * (b) One goAML file of 100,000 transactions filed as XML: transactions/s and peak RSS, next to
 *     the bare streaming parse of the same file.
 * Knobs: BENCH_REPORTS (default 2000), BENCH_CONCURRENCY (default 32), BENCH_TRANSACTIONS (default 100000),
 * BENCH_NODE_OPTIONS (Node options of the node under test; default --max-old-space-size=256), BENCH_ONLY (a or b).
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { aReport, aTransaction, asGoamlXml } from '../factories/report.factory';
import { dropDatabase, out, plainInsertRate, PreparedReport, preparePlain, runPool, seconds } from './bench-support';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 100_000);
const BENCH_DB = 'fiu_bench_intake';
const ENTITY = '900002';
process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${BENCH_DB}`;
process.env.QUEUE_PREFIX = `fiu-bench-${randomBytes(3).toString('hex')}`;
process.env.LOG_LEVEL ??= 'warn';
process.env.INTAKE_PORT = '0';
process.env.CONSOLE_PORT = '0';
process.env.EXCHANGE_PORT = '0';
process.env.DATABASE_POOL_SIZE ??= '20';
process.env.MAX_REPORT_BYTES = String(512 * 1024 * 1024);

/** Five transactions, eight parties: three two-sided (customer -> other bank's account) and two multi-party. */
function fiveTransactionReport(i: number) {
  const twoSided = () =>
    aTransaction({
      tToMyClient: undefined,
      tTo: { toFundsCode: 'DPOST', toAccount: { institutionName: 'Other Bank NV', swift: 'OTHRNL2A', account: `555${i}`, accountName: 'P Bakker' }, toCountry: 'NL' },
    });
  const multiParty = () =>
    aTransaction({
      tFromMyClient: undefined,
      tToMyClient: undefined,
      involvedParties: [{ role: 'CASHD', person: { firstName: 'Eva', lastName: 'Smit', birthdate: '1975-02-03', nationality1: 'NL' }, fundsCode: 'CASH', country: 'NL' }],
    });
  return aReport(ENTITY, { entityReference: `BENCH-${i}-${randomUUID()}`, transaction: [twoSided(), twoSided(), twoSided(), multiParty(), multiParty()] });
}

/** A cash-transaction batch: each transaction a deposit by a walk-in customer to another bank's account. */
async function* batchFile(transactions: number): AsyncGenerator<string> {
  const header = asGoamlXml(aReport(ENTITY, { entityReference: `CTR-BATCH-${randomUUID()}`, reportCode: 'CTR', transaction: [aTransaction()] }));
  const [head, tail] = [header.slice(0, header.indexOf('  <transaction>')), header.slice(header.indexOf('  <report_indicators>'))];
  yield head;
  for (let i = 0; i < transactions; i += 1) {
    yield `  <transaction>
    <transactionnumber>CTR-${i}</transactionnumber>
    <date_transaction>2026-11-02T10:00:00</date_transaction>
    <transmode_code>CDM</transmode_code>
    <amount_local>${10000 + (i % 5000)}.00</amount_local>
    <t_from>
      <from_funds_code>CASH</from_funds_code>
      <from_person><first_name>Walk-in</first_name><last_name>Customer ${i}</last_name><id_number>ID${i}</id_number></from_person>
      <from_country>NL</from_country>
    </t_from>
    <t_to>
      <to_funds_code>DPOST</to_funds_code>
      <to_account><institution_name>Other Bank NV</institution_name><swift>OTHRNL2A</swift><account>${100000 + i}</account><account_name>Holder ${i}</account_name></to_account>
      <to_country>NL</to_country>
    </t_to>
  </transaction>
`;
  }
  yield tail;
}

async function measureJsonOverHttp(): Promise<{ product: number; baseline: number }> {
  const { GoamlFormat } = await import('@fiu/reports');
  const { validateEnvironment } = await import('@fiu/core');
  const key = await apiKeyFor(ENTITY);
  const node = await startIntakeProcess();
  try {
    const bodies = Array.from({ length: REPORTS }, (_, i) => JSON.stringify(fiveTransactionReport(i)));
    const started = process.hrtime.bigint();
    await runPool(REPORTS, CONCURRENCY, async (i) => {
      const response = await fetch(`${node.url}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: bodies[i],
      });
      if (response.status !== 201) throw new Error(`unexpected ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    });
    const product = REPORTS / seconds(started);
    out(`  (a) product: ${REPORTS} JSON reports (5 transactions, 8 parties each) over HTTP, ${CONCURRENCY} clients: ${product.toFixed(0)} reports/s`);
    await node.stop();

    // Baseline: the same rows, mapped beforehand, inserted with plain pg.
    const format = new GoamlFormat(validateEnvironment(process.env));
    const prepared: PreparedReport[] = [];
    for (let i = 0; i < REPORTS; i += 1) prepared.push(preparePlain(format, ENTITY, fiveTransactionReport(i), `PG-${i}`));
    const baseline = await plainInsertRate(prepared, CONCURRENCY, 'PG2');
    out(`  (a) baseline: the same rows with plain pg multi-row INSERTs, ${CONCURRENCY} connections: ${baseline.toFixed(0)} reports/s`);
    return { product, baseline };
  } finally {
    await node.stop();
  }
}

/** Registers the bench entity on first use and returns a fresh API key. */
async function apiKeyFor(code: string): Promise<string> {
  const { ReportingEntitiesService } = await import('@fiu/reports');
  const { NestFactory } = await import('@nestjs/core');
  const { CliModule } = await import('../../apps/cli/src/cli.module');
  const cli = await NestFactory.createApplicationContext(CliModule, { logger: false });
  try {
    const entities = cli.get(ReportingEntitiesService);
    return await entities.register({ code, name: 'Bench Bank', sector: 'bank' }).then(
      (created) => created.apiKey,
      () => entities.issueApiKey(code),
    );
  } finally {
    await cli.close();
  }
}

/**
 * The intake app alone, compiled, in a process of its own, as a deployment runs it: no load
 * generator, relay or analysis shares its event loop, and its peak RSS is its own.
 */
async function startIntakeProcess(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = 39111;
  const child = spawn(process.execPath, ['dist/apps/intake/src/main.js'], {
    // A heap cap makes V8 collect before it grows: the streaming path keeps little alive, but
    // allocates fast, and without a cap V8 lets garbage pile up to several hundred MB first.
    env: { ...process.env, INTAKE_PORT: String(port), NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=256' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${url}/health`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('bench node did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    pid: child.pid!,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      })),
  };
}

async function measureBatchFile(): Promise<{ product: number; bare: number; peakMb: number; fileMb: number }> {
  const { readXmlRecords } = await import('../../libs/reports/src/goaml/xml/safe-xml-reader');
  const chunks: Buffer[] = [];
  for await (const part of batchFile(TRANSACTIONS)) chunks.push(Buffer.from(part));
  const file = Buffer.concat(chunks);
  chunks.length = 0;
  const fileMb = file.length / 1024 / 1024;

  const bareStarted = process.hrtime.bigint();
  let records = 0;
  await readXmlRecords(file, () => {
    records += 1;
  }, { maxBytes: file.length });
  const bare = TRANSACTIONS / seconds(bareStarted);
  out(`  (b) bare streaming parse of the ${fileMb.toFixed(0)} MB file (${records} records): ${bare.toFixed(0)} transactions/s`);

  const key = await apiKeyFor(ENTITY);
  const node = await startIntakeProcess();
  const url = node.url;
  try {
    const before = memoryOf(node.pid).rssMb;
    const started = process.hrtime.bigint();
    const response = await fetch(`${url}/v1/reports`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' }, body: file });
    const body = (await response.json()) as { status: string; errors: unknown[] };
    const elapsed = seconds(started);
    const peakMb = memoryOf(node.pid).peakMb;
    if (response.status !== 201) throw new Error(`batch file answered ${response.status}: ${JSON.stringify(body.errors?.slice(0, 3))}`);
    const product = TRANSACTIONS / elapsed;
    out(`  (b) product: the file filed over HTTP, validated and stored in ${elapsed.toFixed(1)} s: ${product.toFixed(0)} transactions/s; node RSS ${before.toFixed(0)} MB before, peak ${peakMb.toFixed(0)} MB`);
    return { product, bare, peakMb, fileMb };
  } finally {
    await node.stop();
  }
}

/** Current and peak resident memory of a process, from /proc (Linux). */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function main(): Promise<void> {
  out(`bench:intake — ${REPORTS} JSON reports with ${CONCURRENCY} clients; one goAML file of ${TRANSACTIONS} transactions`);
  await dropDatabase(BENCH_DB);
  const { migrateDatabase } = await import('@fiu/data-source');
  await migrateDatabase();
  const only = process.env.BENCH_ONLY;
  const a = only === 'b' ? null : await measureJsonOverHttp();
  const b = only === 'a' ? null : await measureBatchFile();
  out('');
  if (a) out(`(a) JSON reports over HTTP: ${a.product.toFixed(0)} reports/s; plain pg baseline ${a.baseline.toFixed(0)} reports/s; ratio ${(a.product / a.baseline).toFixed(2)} (aim >= 0.5)`);
  if (b) {
    out(`(b) ${TRANSACTIONS}-transaction goAML file: ${b.product.toFixed(0)} transactions/s; bare parse ${b.bare.toFixed(0)} transactions/s; ratio ${(b.product / b.bare).toFixed(2)} (aim >= 0.3); peak RSS ${b.peakMb.toFixed(0)} MB (aim < 300)`);
  }
  out(`RESULT json_rps=${a?.product.toFixed(1) ?? '-'} json_baseline_rps=${a?.baseline.toFixed(1) ?? '-'} batch_tps=${b?.product.toFixed(0) ?? '-'} bare_parse_tps=${b?.bare.toFixed(0) ?? '-'} peak_rss_mb=${b?.peakMb.toFixed(0) ?? '-'}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
