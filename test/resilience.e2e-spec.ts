import { Queue } from 'bullmq';
import { AnalysisService } from '@fiu/analysis';
import { createHttpApp, OutboxRelay, redisOptionsFromUrl, validateEnvironment } from '@fiu/core';
import { ReportsService } from '@fiu/reports';
import { DataSource } from 'typeorm';
import { INTAKE_APP } from '../apps/intake/src/bootstrap';
import { IntakeModule } from '../apps/intake/src/intake.module';
import { aReport } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { eventually, startTestNode, TestNode } from './support/test-node';

const UNREACHABLE_REDIS = 'redis://127.0.0.1:1';

describe('queue spine under failure', () => {
  let node: TestNode;
  let apiKey: string;
  let filerCode: string;

  beforeAll(async () => {
    node = await startTestNode();
    ({ apiKey, code: filerCode } = await aReportingEntity(node.worker));
  });

  afterAll(async () => {
    await node?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    node.relay.start();
  });

  const file = async (app = node.intake) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify(aReport(filerCode)),
    });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const count = async (sql: string, id: string) => (await node.dataSource.query(sql, [id]))[0].count as number;
  const resultCount = (id: string) => count('SELECT count(*)::int AS count FROM analysis_results WHERE report_id = $1', id);
  const analysedEvents = (id: string) =>
    count("SELECT count(*)::int AS count FROM report_events WHERE report_id = $1 AND status = 'analysed'", id);
  const statusOf = async (id: string) => (await node.dataSource.query('SELECT status FROM reports WHERE id = $1', [id]))[0].status;
  const outboxRow = async (id: string) =>
    (await node.dataSource.query("SELECT id, dispatched_at FROM outbox WHERE payload->>'reportId' = $1", [id]))[0];
  const analysed = (id: string) => eventually(async () => ((await statusOf(id)) === 'analysed' ? true : undefined), 10_000, `report ${id} analysed`);

  it('analyses a report filed while the relay was stopped exactly once, after the relay runs again', async () => {
    await node.relay.stop();
    const id = await file();
    expect(await statusOf(id)).toBe('accepted');
    expect((await outboxRow(id)).dispatched_at).toBeNull();

    node.relay.start();
    await analysed(id);
    expect(await resultCount(id)).toBe(1);
    expect(await analysedEvents(id)).toBe(1);

    // A relay that dies between publishing and marking the row publishes it again: still one effect.
    await node.relay.stop();
    await node.dataSource.query("UPDATE outbox SET dispatched_at = NULL WHERE payload->>'reportId' = $1", [id]);
    expect(await node.relay.dispatchBatch()).toBe(1);
    await expect(node.worker.get(AnalysisService).analyseReport(id)).resolves.toBe('already_analysed');
    expect(await resultCount(id)).toBe(1);
    expect(await analysedEvents(id)).toBe(1);
  });

  it('keeps intake answering while Redis is unreachable, and the relay catches up afterwards', async () => {
    await node.relay.stop();
    const previous = process.env.REDIS_URL;
    process.env.REDIS_URL = UNREACHABLE_REDIS;
    const isolatedIntake = await createHttpApp(IntakeModule, INTAKE_APP, false);
    const cutOffRelay = new OutboxRelay(node.worker.get(DataSource), validateEnvironment(process.env));
    if (previous === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = previous;
    try {
      await isolatedIntake.init();
      await isolatedIntake.getHttpAdapter().getInstance().ready();
      const id = await file(isolatedIntake);
      const health = await isolatedIntake.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json().error.redis.status).toBe('down');

      await expect(cutOffRelay.dispatchBatch()).rejects.toThrow();
      expect((await outboxRow(id)).dispatched_at).toBeNull();
      expect(await statusOf(id)).toBe('accepted');

      node.relay.start();
      await analysed(id);
      expect(await resultCount(id)).toBe(1);
    } finally {
      await cutOffRelay.onApplicationShutdown();
      await isolatedIntake.close();
    }
  });

  it('leaves no duplicate effect when the worker crashes after its effect but before the job is acknowledged', async () => {
    // The relay waits until the fault is armed for this report only, so other jobs cannot use it up.
    await node.relay.stop();
    const id = await file();
    const analysis = node.worker.get(AnalysisService);
    const real = analysis.analyseReport.bind(analysis);
    let crashes = 0;
    jest.spyOn(analysis, 'analyseReport').mockImplementation(async (reportId: string) => {
      const outcome = await real(reportId);
      if (reportId === id && crashes++ === 0) throw new Error('simulated crash after the transaction committed');
      return outcome;
    });
    node.relay.start();
    const job = await eventually(async () => {
      const row = await outboxRow(id);
      const found = row?.dispatched_at ? await node.analysisQueue.getJob(row.id) : undefined;
      return found && (await found.isCompleted()) ? found : undefined;
    }, 15_000, 'the retried job to complete').then(async (done) => (await node.analysisQueue.getJob(done.id!))!);
    // Read again after completion: the snapshot taken while polling can predate the last attempt.
    expect(crashes).toBe(2);
    expect(job.attemptsMade).toBe(2);
    expect(job.returnvalue).toBe('already_analysed');
    expect(await resultCount(id)).toBe(1);
    expect(await analysedEvents(id)).toBe(1);
  });

  it('rolls back a job that crashes in the middle of its transaction, and the retry does the work once', async () => {
    await node.relay.stop();
    const id = await file();
    const reports = node.worker.get(ReportsService);
    const real = reports.markAnalysed.bind(reports);
    let calls = 0;
    jest.spyOn(reports, 'markAnalysed').mockImplementation(async (...args: Parameters<ReportsService['markAnalysed']>) => {
      if (args[1] === id && calls++ === 0) throw new Error('simulated crash between the two writes');
      return real(...args);
    });
    node.relay.start();
    await analysed(id);
    expect(calls).toBe(2);
    expect(await resultCount(id)).toBe(1);
    expect(await analysedEvents(id)).toBe(1);
  });

  it('keeps a job that exhausts its retries visible as failed, records the failure on the report, which stays accepted', async () => {
    await node.relay.stop();
    const id = await file();
    const analysis = node.worker.get(AnalysisService);
    const real = analysis.analyseReport.bind(analysis);
    jest.spyOn(analysis, 'analyseReport').mockImplementation(async (reportId: string) => {
      if (reportId === id) throw new Error('analysis engine unavailable');
      return real(reportId);
    });
    node.relay.start();
    const row = await eventually(async () => ((await outboxRow(id))?.dispatched_at ? outboxRow(id) : undefined));
    const job = await eventually(async () => {
      const found = await node.analysisQueue.getJob(row.id);
      return found && (await found.isFailed()) ? found : undefined;
    }, 15_000, 'the job to fail for good');
    expect(job.attemptsMade).toBe(validateEnvironment(process.env).JOB_ATTEMPTS);
    expect(job.failedReason).toContain('analysis engine unavailable');
    expect(await statusOf(id)).toBe('accepted');
    // The failure is written on the report, where staff see it, not only in Redis.
    const error = await eventually(async () => (await node.dataSource.query('SELECT analysis_error FROM reports WHERE id = $1', [id]))[0].analysis_error ?? undefined);
    expect(error).toContain('analysis engine unavailable');
    const failed = await new Queue(job.queueName, {
      connection: redisOptionsFromUrl(validateEnvironment(process.env).REDIS_URL),
      prefix: process.env.QUEUE_PREFIX,
    });
    try {
      expect((await failed.getFailed()).map((j) => j.id)).toContain(row.id);
    } finally {
      await failed.close();
    }
  });
});
