/**
 * bench:analysis — three measurements, each next to a baseline from the same run:
 * 1. reports analysed per second with 100,000 subjects already in the database: the reports are
 *    filed with the relay stopped, then the relay starts and the clock runs until all are analysed
 *    (resolution, screening against the loaded lists, money flows, typologies, score);
 *    baseline: the same number of no-op BullMQ jobs added and processed.
 * 2. p50/p95/max time from filing to `analysed` at a steady 20 reports/s (database timestamps:
 *    received_at of the report to the `analysed` event).
 * 3. names screened per second against the full UN + OFAC lists; baseline: an exact lookup of the
 *    normalised name in a Set of every listed name.
 * Knobs: BENCH_SUBJECTS (100000), BENCH_REPORTS (1000), BENCH_RATE (20), BENCH_LATENCY_SECONDS (30),
 * BENCH_NAMES (5000), BENCH_CONCURRENCY (8, the worker's and the no-op baseline's).
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import { from as copyFrom } from 'pg-copy-streams';
import { dropDatabase, noopJobRate, out, runPool } from './bench-support';
import { aCustomer, aReport, aTransaction } from '../factories/report.factory';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 100_000);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
const NAMES = Number(process.env.BENCH_NAMES ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BENCH_DB = 'fiu_bench_analysis';
process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${BENCH_DB}`;
process.env.QUEUE_PREFIX = `fiu-bench-analysis-${randomBytes(3).toString('hex')}`;
process.env.LOG_LEVEL ??= 'warn';
process.env.INTAKE_PORT = '0';
process.env.CONSOLE_PORT = '0';
process.env.EXCHANGE_PORT = '0';
process.env.OUTBOX_POLL_MS ??= '20';
process.env.DATABASE_POOL_SIZE ??= '20';
process.env.WORKER_CONCURRENCY ??= String(CONCURRENCY);

const ENTITY = '900002';
const GIVEN = ['jan', 'pieter', 'maria', 'anna', 'ahmed', 'fatima', 'li', 'wei', 'olga', 'ivan', 'sara', 'tom', 'eva', 'omar', 'lena', 'noah', 'mila', 'luca', 'emma', 'yusuf'];
const SURNAMES = Array.from({ length: 400 }, (_, i) => `${['van', 'de', 'al', 'ben', 'mac', 'o', 'von', 'da'][i % 8]}${['berg', 'dijk', 'stra', 'ssen', 'man', 'ford', 'hari', 'lind', 'mont', 'ruiz'][Math.floor(i / 8) % 10]}${['a', 'e', 'i', 'o', 'u'][Math.floor(i / 80) % 5]}`);
const capital = (word: string) => word[0].toUpperCase() + word.slice(1);

/** The i-th seeded person: its name and birth date, the same on every run. */
function person(i: number) {
  const given = GIVEN[i % GIVEN.length];
  const surname = SURNAMES[Math.floor(i / GIVEN.length) % SURNAMES.length];
  const birthdate = new Date(Date.UTC(1940 + (i % 60), i % 12, 1 + (i % 28))).toISOString().slice(0, 10);
  return { given: capital(given), surname: capital(surname), birthdate };
}

function sharedData(): string | null {
  const root = process.env.FIU_SHARED_DATA ?? resolve(__dirname, '../../../shared/data');
  return existsSync(join(root, 'sanctions')) ? root : null;
}

async function main(): Promise<void> {
  out(`bench:analysis — ${SUBJECTS} subjects seeded, ${REPORTS} reports, then ${RATE} reports/s for ${LATENCY_SECONDS} s, then ${NAMES} names screened`);
  await dropDatabase(BENCH_DB);
  const { startAll } = await import('../../apps/main');
  const { OutboxRelay } = await import('@fiu/core');
  const { ReportingEntitiesService } = await import('@fiu/reports');
  const { parseOfacFolder, parseUnList, Screener, ScreeningService, normaliseName } = await import('@fiu/analysis');
  const { DataSource } = await import('typeorm');
  const node = await startAll();
  const db = node.worker.get(DataSource);
  const relay = node.worker.get(OutboxRelay);
  const waitFor = async (sql: string, target: number) => {
    for (;;) {
      const [{ count }] = (await db.query(sql)) as { count: number }[];
      if (count >= target) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    // The lists first, while there is nothing to re-screen.
    const data = sharedData();
    const entries = data ? [...(await parseUnList(readFileSync(join(data, 'sanctions/UN_consolidated.xml')))), ...parseOfacFolder(join(data, 'sanctions/ofac-2019'))] : [];
    if (data) {
      const screening = node.worker.get(ScreeningService);
      await screening.importList('un', entries.filter((entry) => entry.source === 'un'));
      await screening.importList('ofac', entries.filter((entry) => entry.source === 'ofac'));
      await waitFor('SELECT count(*)::int AS count FROM outbox WHERE dispatched_at IS NOT NULL', 2);
      out(`  lists: ${entries.length} UN and OFAC entries loaded`);
    } else {
      out('  LISTS ABSENT: set FIU_SHARED_DATA to ../shared/data; screening runs against empty lists');
    }

    const seeded = process.hrtime.bigint();
    const client = await db.driver.obtainMasterConnection().then(([connection]) => connection as import('pg').PoolClient);
    try {
      const rows = function* () {
        for (let i = 0; i < SUBJECTS; i += 1) {
          const p = person(i);
          const name = `${p.given} ${p.surname}`;
          yield `${randomUUID()}\tperson\t${name}\t${p.given}\t${p.surname}\t${p.birthdate}\t${doubleMetaphone(p.surname.toLowerCase())[0]}\t${normaliseName(name, 'person').normalised}\n`;
        }
      };
      await pipeline(Readable.from(rows()), client.query(copyFrom('COPY subjects (id, kind, display_name, given_name, surname, birthdate, name_key, search_name) FROM STDIN')));
      await client.query('ANALYZE subjects');
    } finally {
      client.release();
    }
    out(`  ${SUBJECTS} subjects seeded in ${(Number(process.hrtime.bigint() - seeded) / 1e9).toFixed(1)} s`);

    const url = (await node.intake.getUrl()).replace('[::1]', '127.0.0.1');
    const bank = await node.intake.get(ReportingEntitiesService).register({ code: ENTITY, name: 'Bench Bank', sector: 'bank' });
    // Half the reports name a seeded person (resolution finds them), half a new one; each its own account.
    const body = (i: number) => {
      const p = person(i % 2 === 0 ? (i * 7919) % SUBJECTS : SUBJECTS + i);
      const customer = aCustomer({ firstName: p.given, lastName: p.surname, birthdate: p.birthdate, identification: [{ type: 'PASSP', number: `BA${String(i).padStart(7, '0')}`, issueCountry: 'NL' }] });
      return aReport(ENTITY, {
        entityReference: `BENCH-A-${i}-${randomUUID()}`,
        transaction: [aTransaction({ amountLocal: String(1000 + (i % 9000)) + '.00', tFromMyClient: { fromFundsCode: 'CASH', fromPerson: customer, fromCountry: 'NL' } })],
      });
    };
    const file = async (i: number) => {
      const response = await fetch(`${url}/v1/reports`, { method: 'POST', headers: { authorization: `Bearer ${bank.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body(i)) });
      if (response.status !== 201) throw new Error(`unexpected ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    };

    // 1. Throughput, analysis alone: filed with the relay stopped, timed from the relay's start.
    await relay.stop();
    await runPool(REPORTS, 16, file);
    const started = process.hrtime.bigint();
    relay.start();
    await waitFor("SELECT count(*)::int AS count FROM reports WHERE status = 'analysed'", REPORTS);
    const analysisSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const product = REPORTS / analysisSeconds;
    out(`  product: ${REPORTS} reports analysed in ${analysisSeconds.toFixed(2)} s, worker concurrency ${process.env.WORKER_CONCURRENCY}`);
    const noop = await noopJobRate(REPORTS, CONCURRENCY, `${process.env.QUEUE_PREFIX}-noop`);

    // 2. Latency at a steady rate.
    const total = RATE * LATENCY_SECONDS;
    const begin = Date.now();
    await Promise.all(
      Array.from({ length: total }, async (_, k) => {
        await new Promise((r) => setTimeout(r, begin + (k * 1000) / RATE - Date.now()));
        await file(REPORTS + k);
      }),
    );
    await waitFor("SELECT count(*)::int AS count FROM reports WHERE status = 'analysed'", REPORTS + total);
    const [latency] = (await db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95, max(ms) AS max
         FROM (SELECT extract(epoch FROM e.at - r.received_at) * 1000 AS ms FROM reports r JOIN report_events e ON e.report_id = r.id AND e.status = 'analysed'
                WHERE r.entity_reference LIKE 'BENCH-A-%' AND split_part(r.entity_reference, '-', 3)::int >= $1) t`,
      [REPORTS],
    )) as { p50: number; p95: number; max: number }[];

    // 3. Names screened per second, in memory against the full lists.
    const names = Array.from({ length: NAMES }, (_, i) => {
      const p = person(i * 31);
      return i % 10 === 0 && entries.length ? entries[i % entries.length].name : `${p.given} ${p.surname}`;
    });
    const screener = new Screener(entries);
    const screenStart = process.hrtime.bigint();
    let hits = 0;
    for (const name of names) hits += screener.screen({ name }, 0.85, 5).length;
    const screenRate = NAMES / (Number(process.hrtime.bigint() - screenStart) / 1e9);
    const listed = new Set(entries.flatMap((entry) => [entry.name, ...entry.aliases]).map((name) => normaliseName(name, 'organisation').normalised));
    const exactStart = process.hrtime.bigint();
    let exact = 0;
    for (const name of names) if (listed.has(normaliseName(name, 'organisation').normalised)) exact += 1;
    const exactRate = NAMES / (Number(process.hrtime.bigint() - exactStart) / 1e9);

    out('');
    out(`reports analysed/s (${SUBJECTS} subjects in the database)   product ${product.toFixed(1)} | no-op BullMQ ${noop.toFixed(0)} | ratio ${(product / noop).toFixed(3)}`);
    out(`filing -> analysed at ${RATE} reports/s for ${LATENCY_SECONDS} s      p50 ${Number(latency.p50).toFixed(0)} ms | p95 ${Number(latency.p95).toFixed(0)} ms | max ${Number(latency.max).toFixed(0)} ms`);
    out(`names screened/s (${entries.length} listed entries)         product ${screenRate.toFixed(0)} (${hits} hits) | exact-match lookup ${exactRate.toFixed(0)} (${exact} hits) | ratio ${(screenRate / exactRate).toFixed(3)}`);
    out(`RESULT analysed_rps=${product.toFixed(1)} noop_rps=${noop.toFixed(0)} p50_ms=${Number(latency.p50).toFixed(0)} p95_ms=${Number(latency.p95).toFixed(0)} screened_nps=${screenRate.toFixed(0)}`);
  } finally {
    await node.stop();
    await dropDatabase(BENCH_DB);
  }
}


main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
