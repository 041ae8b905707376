import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ALL_QUEUES, createHttpApp, redisOptionsFromUrl } from '@fiu/core';
import { INTAKE_APP } from '../apps/intake/src/bootstrap';
import { IntakeModule } from '../apps/intake/src/intake.module';
import { aReport, aTransaction } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { eventually } from './support/test-node';

const REPORTS = 1000;
// BullMQ hands a killed worker's jobs to another worker once their lock lapses (30 s by default).
jest.setTimeout(240_000);

/** The worker as its own operating-system process, so it can be killed outright (SIGKILL: no shutdown hooks). */
function spawnWorker(): ChildProcess {
  const root = join(__dirname, '..');
  return spawn(process.execPath, [join(root, 'node_modules/ts-node/dist/bin.js'), '--swc', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'], {
    cwd: root,
    env: { ...process.env, WORKER_CONCURRENCY: '8', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describe('a worker process killed during 1,000 analysis jobs', () => {
  let intake: NestFastifyApplication;
  let db: DataSource;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    intake = await createHttpApp(IntakeModule, INTAKE_APP, false);
    await intake.init();
    await intake.getHttpAdapter().getInstance().ready();
    db = intake.get(DataSource);
  });

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await intake?.close();
    for (const name of ALL_QUEUES) {
      const queue = new Queue(name, { connection: redisOptionsFromUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), prefix: process.env.QUEUE_PREFIX });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  });

  const count = async (sql: string) => ((await db.query(sql)) as { count: number }[])[0].count;
  const analysed = () => count("SELECT count(*)::int AS count FROM reports WHERE status = 'analysed'");

  it('ends with every report analysed exactly once, counting the effects in PostgreSQL', async () => {
    const bank = await aReportingEntity(intake);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < REPORTS) {
          next += 1;
          const response = await intake.inject({
            method: 'POST',
            url: '/v1/reports',
            headers: { authorization: `Bearer ${bank.apiKey}`, 'content-type': 'application/json' },
            payload: JSON.stringify(aReport(bank.code, { transaction: [aTransaction()] })),
          });
          expect(response.statusCode).toBe(201);
        }
      }),
    );
    expect(await count("SELECT count(*)::int AS count FROM reports WHERE status = 'accepted'")).toBe(REPORTS);

    worker = spawnWorker();
    await eventually(async () => ((await analysed()) >= 100 ? true : undefined), 120_000, 'the first worker to analyse some reports');
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    const beforeRestart = await analysed();
    expect(beforeRestart).toBeLessThan(REPORTS);

    worker = spawnWorker();
    await eventually(async () => ((await analysed()) === REPORTS ? true : undefined), 180_000, 'every report analysed after the restart');

    // The effects, not the job events: one result and one "analysed" event per report, nothing left behind.
    expect(await count('SELECT count(*)::int AS count FROM (SELECT report_id FROM analysis_results GROUP BY report_id HAVING count(*) <> 1) odd')).toBe(0);
    expect(await count('SELECT count(DISTINCT report_id)::int AS count FROM analysis_results')).toBe(REPORTS);
    expect(await count("SELECT count(*)::int AS count FROM (SELECT report_id FROM report_events WHERE status = 'analysed' GROUP BY report_id HAVING count(*) <> 1) odd")).toBe(0);
    expect(await count("SELECT count(*)::int AS count FROM report_events WHERE status = 'analysed'")).toBe(REPORTS);
    // The same customer in every report: one subject, however the jobs were interleaved and retried.
    expect(await count("SELECT count(DISTINCT l.subject_id)::int AS count FROM party_subject_links l JOIN report_parties p ON p.id = l.party_id WHERE p.place = 'from'")).toBe(1);
  });
});
