import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JobProgressService, OutboxService, SCREENING_QUEUE, ScreeningJobName, systemActor } from '@fiu/core';
import { aReport } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { signedIn, startConsole } from './support/console-node';
import { fileAnalysed } from './support/filing';
import { eventually, startTestNode, TestNode } from './support/test-node';

jest.setTimeout(120_000);

interface Job {
  id: string;
  kind: string;
  state: string;
  done: number;
  failedItems: number;
  total: number | null;
  percent: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  requestedBy: { type: string; id: string; name: string | null };
}

/** One job-progress API for long jobs: the worker writes progress as it goes, the console reads it. */
describe('job progress: list re-screening and re-analysis, through GET /v1/jobs', () => {
  let node: TestNode;
  let app: NestFastifyApplication;
  let token: string;

  beforeAll(async () => {
    node = await startTestNode();
    app = await startConsole();
    token = (await signedIn(app, 'admin')).accessToken;
  });

  afterAll(async () => {
    await app?.close();
    await node?.close();
  });

  const get = async (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('moves a list re-screening and the re-analysis it starts from queued to done, counting every report', async () => {
    const bank = await aReportingEntity(node.worker);
    const reports: string[] = [];
    for (let index = 0; index < 3; index++) reports.push(await fileAnalysed(node, bank.apiKey, aReport(bank.code)));
    const [{ analysed }] = await node.dataSource.query("SELECT count(*)::int AS analysed FROM reports WHERE status = 'analysed'");

    // What a list reload leaves behind: an outbox row for the screening queue (its id becomes the job's).
    const outboxId = await node.dataSource.transaction((manager) =>
      node.worker.get(OutboxService).add(manager, { queue: SCREENING_QUEUE, jobName: ScreeningJobName.RescreenSubjects, payload: { listSource: 'un' } }),
    );

    const rescreen = await eventually(async () => {
      const response = await get(`/v1/jobs/${outboxId}`);
      return response.statusCode === 200 && response.json().state === 'done' ? (response.json() as Job) : undefined;
    }, 30_000, 'the re-screening to be done');
    expect(rescreen).toMatchObject({ kind: 'list_rescreen', failedItems: 0, percent: 100, requestedBy: { type: 'system', id: 'screening' } });
    expect(rescreen.done).toBe(rescreen.total);
    expect(rescreen.total).toBeGreaterThan(0);
    expect(new Date(rescreen.finishedAt!).getTime()).toBeGreaterThanOrEqual(new Date(rescreen.startedAt!).getTime());

    // Every analysed report is analysed again, each counting itself towards one record.
    const reanalysis = await eventually(async () => {
      const page = (await get('/v1/jobs?kind=reanalysis')).json() as { items: Job[] };
      const job = page.items.find((item) => item.total === analysed);
      return job?.state === 'done' ? job : undefined;
    }, 30_000, 'the re-analysis to be done');
    expect(reanalysis).toMatchObject({ done: analysed, total: analysed, percent: 100, failedItems: 0 });
    const listed = (await get('/v1/jobs?state=done&limit=10')).json();
    expect(listed.items.map((job: Job) => job.id)).toEqual(expect.arrayContaining([outboxId, reanalysis.id]));
    expect(listed.total).toBeGreaterThanOrEqual(2);
  });

  it('counts fanned-out items that finish before their total is known, never past the total, and failures apart', async () => {
    const jobs = node.worker.get(JobProgressService);
    const requestedBy = systemActor('test');
    expect(await jobs.fanOut({ kind: 'reanalysis', requestedBy }, async () => 0)).toBe(0);

    let id = '';
    await jobs.fanOut({ kind: 'reanalysis', requestedBy }, async (progressJobId) => {
      id = progressJobId;
      // Items done while the total is still being counted (the worker is fast).
      jobs.countItem(progressJobId);
      await jobs.flush();
      return 3;
    });
    jobs.countItem(id);
    jobs.countItem(id, 'failed');
    // A retried item counts twice: the record stops at its total.
    jobs.countItem(id);
    await jobs.flush();
    expect((await get(`/v1/jobs/${id}`)).json()).toMatchObject({ state: 'done', done: 3, total: 3, failedItems: 1, percent: 100 });

    const failing = jobs.run({ kind: 'batch_file', requestedBy, detail: { file: 'batch-17.xml' } }, async (tracker) => {
      await tracker.setTotal(10);
      await tracker.advance(4);
      throw new Error('the batch file is truncated');
    });
    await expect(failing).rejects.toThrow('truncated');
    const failed = ((await get('/v1/jobs?kind=batch_file')).json().items as (Job & { error: string; detail: object })[])[0];
    expect(failed).toMatchObject({ state: 'failed', done: 4, total: 10, percent: 40, error: 'Error: the batch file is truncated', detail: { file: 'batch-17.xml' } });
    expect((await get('/v1/jobs/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await get('/v1/jobs?state=stuck')).json().errors).toEqual([expect.objectContaining({ path: '/state', code: 'isIn' })]);
  });
});
