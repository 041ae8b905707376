/**
 * bench:spine — reports/s through the thin path with concurrent HTTP clients:
 * HTTP -> PostgreSQL + outbox -> relay -> BullMQ -> worker -> analysed.
 * In the same run, two raw baselines: the same rows inserted with plain `pg` from one process,
 * and the same number of no-op BullMQ jobs added and processed.
 * Knobs: BENCH_REPORTS (default 3000), BENCH_CONCURRENCY (default 32).
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { dropDatabase, noopJobRate, out, plainInsertRate, preparePlain, runPool } from './bench-support';
import { aReport, aTransaction } from '../factories/report.factory';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const BENCH_DB = 'fiu_bench';
process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${BENCH_DB}`;
process.env.QUEUE_PREFIX = `fiu-bench-${randomBytes(3).toString('hex')}`;
process.env.LOG_LEVEL ??= 'warn';
process.env.INTAKE_PORT = '0';
process.env.CONSOLE_PORT = '0';
process.env.EXCHANGE_PORT = '0';
process.env.OUTBOX_POLL_MS ??= '20';
process.env.DATABASE_POOL_SIZE ??= '20';
process.env.WORKER_CONCURRENCY ??= String(CONCURRENCY);


const BENCH_ENTITY = '900001';

function reportBody(i: number) {
  return aReport(BENCH_ENTITY, { entityReference: `BENCH-${i}-${randomUUID()}`, transaction: [aTransaction()] });
}

async function measureProduct(): Promise<number> {
  const { startAll } = await import('../../apps/main');
  const { ReportingEntitiesService } = await import('@fiu/reports');
  const { DataSource } = await import('typeorm');
  const node = await startAll();
  try {
    const url = (await node.intake.getUrl()).replace('[::1]', '127.0.0.1');
    const bank = await node.intake.get(ReportingEntitiesService).register({ code: BENCH_ENTITY, name: 'Bench Bank', sector: 'bank' });
    const dataSource = node.worker.get(DataSource);
    const started = process.hrtime.bigint();
    await runPool(REPORTS, CONCURRENCY, async (i) => {
      const response = await fetch(`${url}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bank.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(reportBody(i)),
      });
      if (response.status !== 201) throw new Error(`unexpected ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    });
    const accepted = Number(process.hrtime.bigint() - started) / 1e9;
    for (;;) {
      const [{ count }] = await dataSource.query("SELECT count(*)::int AS count FROM reports WHERE status = 'analysed'");
      if (count >= REPORTS) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    out(`  product: ${REPORTS} reports accepted over HTTP in ${accepted.toFixed(2)} s (${(REPORTS / accepted).toFixed(0)}/s), all analysed after ${seconds.toFixed(2)} s`);
    return REPORTS / seconds;
  } finally {
    await node.stop();
  }
}

async function measurePlainPg(): Promise<number> {
  const { validateEnvironment } = await import('@fiu/core');
  const { GoamlFormat } = await import('@fiu/reports');
  const format = new GoamlFormat(validateEnvironment(process.env));
  // The same rows the product writes for one report (report, trail, outbox, model rows), one transaction each.
  const prepared = Array.from({ length: REPORTS }, (_, i) => preparePlain(format, BENCH_ENTITY, reportBody(i), `PG-${i}`));
  const rate = await plainInsertRate(prepared, CONCURRENCY, 'PG');
  out(`  baseline, plain pg (same rows, one process, ${CONCURRENCY} connections): ${(REPORTS / rate).toFixed(2)} s`);
  return rate;
}


async function main(): Promise<void> {
  out(`bench:spine — ${REPORTS} reports, ${CONCURRENCY} concurrent clients, all four apps in one process`);
  await dropDatabase(BENCH_DB);
  const product = await measureProduct();
  const plainPg = await measurePlainPg();
  const noop = await noopJobRate(REPORTS, CONCURRENCY, `${process.env.QUEUE_PREFIX}-noop`);
  out('');
  out(`product end-to-end (HTTP -> PG + outbox -> relay -> BullMQ -> worker -> analysed): ${product.toFixed(0)} reports/s`);
  out(`baseline plain pg inserts of the same rows:                                      ${plainPg.toFixed(0)} reports/s  (product/baseline = ${(product / plainPg).toFixed(2)})`);
  out(`baseline no-op BullMQ jobs:                                                      ${noop.toFixed(0)} jobs/s     (product/baseline = ${(product / noop).toFixed(2)})`);
  out(`RESULT product_rps=${product.toFixed(1)} pg_rps=${plainPg.toFixed(1)} bullmq_rps=${noop.toFixed(1)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
