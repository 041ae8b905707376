import { createHash } from 'node:crypto';
import { aReport } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { eventually, startTestNode, TestNode } from './support/test-node';

describe('thin path: report in, stored, queued, analysed', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode();
  });

  afterAll(async () => {
    await node?.close();
  });

  const file = (key: string, payload: unknown) =>
    node.intake.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const read = (key: string, id: string) =>
    node.intake.inject({ method: 'GET', url: `/v1/reports/${id}`, headers: { authorization: `Bearer ${key}` } });

  it('acknowledges, stores with an outbox row, and the worker moves the report to analysed', async () => {
    const bank = await aReportingEntity(node.worker);
    const response = await file(bank.apiKey, aReport(bank.code, { entityReference: 'STR-0001' }));
    expect(response.statusCode).toBe(201);
    const ack = response.json();
    expect(ack).toMatchObject({ entityReference: 'STR-0001', status: 'accepted', errors: [], version: 1 });
    expect(ack.fiuRef).toMatch(/^XX-\d{4}-\d{7}$/);

    const analysed = await eventually(async () => {
      const body = (await read(bank.apiKey, ack.id)).json();
      return body.status === 'analysed' ? body : undefined;
    }, 10_000, 'the report to be analysed');
    expect(analysed.trail.map((step: { status: string }) => step.status)).toEqual(['received', 'accepted', 'analysed']);

    const [{ count }] = await node.dataSource.query('SELECT count(*)::int AS count FROM analysis_results WHERE report_id = $1', [ack.id]);
    expect(count).toBe(1);
    const outbox = await node.dataSource.query("SELECT id, dispatched_at FROM outbox WHERE payload->>'reportId' = $1", [ack.id]);
    expect(outbox).toHaveLength(1);
    expect(outbox[0].dispatched_at).not.toBeNull();
    // The BullMQ job id is the outbox row id, and the job carries the id only.
    const job = await node.analysisQueue.getJob(outbox[0].id);
    expect(job?.data).toEqual({ reportId: ack.id });
  });

  it('keeps the original document and its SHA-256', async () => {
    const bank = await aReportingEntity(node.worker);
    const payload = JSON.stringify(aReport(bank.code));
    const ack = (await file(bank.apiKey, JSON.parse(payload))).json();
    const [row] = await node.dataSource.query('SELECT document, document_sha256 FROM reports WHERE id = $1', [ack.id]);
    expect(row.document.toString('utf8')).toBe(payload);
    expect(row.document_sha256).toBe(createHash('sha256').update(payload).digest('hex'));
  });

  it('accepts with warnings when the narrative is missing', async () => {
    const bank = await aReportingEntity(node.worker);
    const response = await file(bank.apiKey, aReport(bank.code, { reason: undefined }));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      status: 'accepted_with_warnings',
      errors: [{ path: '/reason', code: 'narrative_missing', severity: 'warning' }],
    });
  });

  it('rejects an invalid report with every error, keeps it, and does not analyse it', async () => {
    const bank = await aReportingEntity(node.worker);
    const response = await file(bank.apiKey, { entityReference: 'BAD-1', reportCode: 'str', submissionDate: 'yesterday' });
    expect(response.statusCode).toBe(422);
    const ack = response.json();
    expect(ack).toMatchObject({ status: 'rejected', entityReference: 'BAD-1' });
    expect(ack.fiuRef).toMatch(/^XX-/);
    expect(ack.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/reportCode', '/submissionDate', '/currencyCodeLocal']));
    const outbox = await node.dataSource.query("SELECT count(*)::int AS count FROM outbox WHERE payload->>'reportId' = $1", [ack.id]);
    expect(outbox[0].count).toBe(0);
  });

  it('refuses unstored what cannot be keyed: no entityReference, or not a JSON object', async () => {
    const bank = await aReportingEntity(node.worker);
    const response = await file(bank.apiKey, { reportCode: 'str', submissionDate: 'yesterday' });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['/entityReference', '/reportCode', '/submissionDate', '/currencyCodeLocal']),
    );
    expect((await file(bank.apiKey, [1, 2])).statusCode).toBe(400);
    const [{ count }] = await node.dataSource.query('SELECT count(*)::int AS count FROM reports WHERE entity_id = $1', [bank.id]);
    expect(count).toBe(0);
  });

  it('returns the original acknowledgement for the identical document, and 409 for a different one', async () => {
    const bank = await aReportingEntity(node.worker);
    const report = aReport(bank.code);
    const first = await file(bank.apiKey, report);
    const again = await file(bank.apiKey, report);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const changed = await file(bank.apiKey, { ...report, reason: 'something else' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({ code: 'reference_conflict' });
  });

  it('answers 401 to a missing, malformed, unknown or wrong API key', async () => {
    const bank = await aReportingEntity(node.worker);
    const [, keyId] = bank.apiKey.split('_');
    const wrongSecret = `fiu_${keyId}_${'A'.repeat(43)}`;
    for (const authorization of [undefined, 'Bearer', 'Bearer nonsense', `Basic ${bank.apiKey}`, `Bearer fiu_0000000000000000_${'A'.repeat(43)}`, `Bearer ${wrongSecret}`]) {
      const response = await node.intake.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        payload: JSON.stringify(aReport(bank.code)),
      });
      expect(response.statusCode).toBe(401);
    }
    const [{ count }] = await node.dataSource.query('SELECT count(*)::int AS count FROM reports WHERE entity_id = $1', [bank.id]);
    expect(count).toBe(0);
  });

  it("answers 404 for another entity's report, and lists only the caller's own", async () => {
    const bankA = await aReportingEntity(node.worker);
    const bankB = await aReportingEntity(node.worker);
    const ack = (await file(bankA.apiKey, aReport(bankA.code))).json();
    expect((await read(bankA.apiKey, ack.id)).statusCode).toBe(200);
    const foreign = await read(bankB.apiKey, ack.id);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'report_not_found' });
    expect((await read(bankB.apiKey, 'not-a-uuid')).statusCode).toBe(404);
    const list = await node.intake.inject({ method: 'GET', url: '/v1/reports', headers: { authorization: `Bearer ${bankB.apiKey}` } });
    expect(list.json()).toMatchObject({ items: [], total: 0 });
  });

  it('reports PostgreSQL and Redis as up on /health, without credentials', async () => {
    const response = await node.intake.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const response = await node.intake.inject({ method: 'GET', url: '/docs-json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(expect.arrayContaining(['/v1/reports', '/v1/reports/{id}', '/health']));
  });
});
