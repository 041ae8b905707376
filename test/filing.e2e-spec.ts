import { aReport, aTransaction } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { ReportingEntitiesService } from '@fiu/reports';
import { startTestNode, TestNode } from './support/test-node';

describe('filing: corrections, amendments, idempotency, entity status', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode();
  });

  afterAll(async () => {
    await node?.close();
  });

  const post = (key: string, payload: unknown, url = '/v1/reports', headers: Record<string, string> = {}) =>
    node.intake.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(payload),
    });
  const get = (key: string, id: string) => node.intake.inject({ method: 'GET', url: `/v1/reports/${id}`, headers: { authorization: `Bearer ${key}` } });

  it('corrects a rejected report with a new version that names it, keeping both', async () => {
    const bank = await aReportingEntity(node.worker);
    const rejected = (await post(bank.apiKey, aReport(bank.code, { entityReference: 'STR-9', currencyCodeLocal: 'euro' }))).json();
    expect(rejected.status).toBe('rejected');

    const fixed = await post(bank.apiKey, aReport(bank.code, { entityReference: 'STR-9', prevRejectedRefNumber: rejected.fiuRef }));
    expect(fixed.statusCode).toBe(201);
    expect(fixed.json()).toMatchObject({ status: 'accepted', version: 2, previousFiuRef: rejected.fiuRef });
    expect(fixed.json().trail.map((s: { status: string }) => s.status)).toEqual(['received', 'corrects', 'accepted']);
    // The rejected version is still there, unchanged.
    expect((await get(bank.apiKey, rejected.id)).json()).toMatchObject({ status: 'rejected', version: 1 });

    const again = await post(bank.apiKey, aReport(bank.code, { entityReference: 'STR-9', prevRejectedRefNumber: rejected.fiuRef, reason: 'third try' }));
    expect(again.statusCode).toBe(422);
    expect(again.json().errors).toEqual([expect.objectContaining({ path: '/prevRejectedRefNumber', code: 'already_corrected' })]);
  });

  it("refuses a correction that names an unknown or another entity's report", async () => {
    const bankA = await aReportingEntity(node.worker);
    const bankB = await aReportingEntity(node.worker);
    const rejectedOfA = (await post(bankA.apiKey, aReport(bankA.code, { currencyCodeLocal: 'x' }))).json();
    const response = await post(bankB.apiKey, aReport(bankB.code, { prevRejectedRefNumber: rejectedOfA.fiuRef }));
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ code: 'unknown_rejected_report' })]);
  });

  it('amends an accepted report with a new version that supersedes it', async () => {
    const bank = await aReportingEntity(node.worker);
    const report = aReport(bank.code, { entityReference: 'STR-AMEND' });
    const first = (await post(bank.apiKey, report)).json();
    const amended = await post(bank.apiKey, { ...report, reason: 'Further deposits found' }, `/v1/reports/${first.id}/versions`);
    expect(amended.statusCode).toBe(201);
    expect(amended.json()).toMatchObject({ version: 2, previousFiuRef: first.fiuRef, status: 'accepted' });
    const old = (await get(bank.apiKey, first.id)).json();
    expect(old.supersededAt).not.toBeNull();
    expect(old.trail.map((s: { status: string }) => s.status)).toContain('superseded');
    // A plain re-filing under the reference of an accepted report explains how to amend it.
    expect((await post(bank.apiKey, { ...report, reason: 'z' })).json().message).toContain(`/v1/reports/${amended.json().id}/versions`);
    // A rejected amendment leaves the version it tried to amend in force.
    const second = (await post(bank.apiKey, report)).json();
    const badAmendment = await post(bank.apiKey, { ...report, reason: 'x', currencyCodeLocal: 'euro' }, `/v1/reports/${amended.json().id}/versions`);
    expect(badAmendment.statusCode).toBe(422);
    expect((await get(bank.apiKey, amended.json().id)).json().supersededAt).toBeNull();
    expect(second.id).toBe(first.id);
    // Only the latest version can be amended, and only under the same reference.
    expect((await post(bank.apiKey, { ...report, reason: 'x' }, `/v1/reports/${first.id}/versions`)).statusCode).toBe(409);
    expect((await post(bank.apiKey, aReport(bank.code), `/v1/reports/${amended.json().id}/versions`)).statusCode).toBe(409);
    // A plain re-filing under the same reference is a conflict that explains the way forward (here: correct the rejected amendment).
    const conflict = await post(bank.apiKey, { ...report, reason: 'y' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().message).toContain(`prevRejectedRefNumber ${badAmendment.json().fiuRef}`);
  });

  it('replays the first answer for a repeated Idempotency-Key, and refuses the key with another body (422)', async () => {
    const bank = await aReportingEntity(node.worker);
    const report = aReport(bank.code);
    const first = await post(bank.apiKey, report, '/v1/reports', { 'idempotency-key': 'batch-7-item-1' });
    const retry = await post(bank.apiKey, report, '/v1/reports', { 'idempotency-key': 'batch-7-item-1' });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    const reused = await post(bank.apiKey, aReport(bank.code), '/v1/reports', { 'idempotency-key': 'batch-7-item-1' });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect((await post(bank.apiKey, aReport(bank.code), '/v1/reports', { 'idempotency-key': 'a b' })).statusCode).toBe(400);
  });

  it('files concurrent identical submissions once', async () => {
    const bank = await aReportingEntity(node.worker);
    const report = aReport(bank.code);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(bank.apiKey, report)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
  });

  it('stores the delay between the suspicion and the filing', async () => {
    const bank = await aReportingEntity(node.worker);
    const ack = (await post(bank.apiKey, aReport(bank.code, { suspicionDate: '2026-01-10', submissionDate: '2026-01-24', transaction: [aTransaction({ dateTransaction: '2026-01-12T10:00:00' })] }))).json();
    const [row] = await node.dataSource.query('SELECT suspicion_date::text, filing_delay_days FROM reports WHERE id = $1', [ack.id]);
    expect(row).toEqual({ suspicion_date: '2026-01-10', filing_delay_days: 14 });
  });

  it('lets a suspended entity read but not file, and a revoked key stops working', async () => {
    const bank = await aReportingEntity(node.worker);
    const entities = node.worker.get(ReportingEntitiesService);
    const filed = (await post(bank.apiKey, aReport(bank.code))).json();
    await entities.setStatus(bank.code, 'suspended');
    const refused = await post(bank.apiKey, aReport(bank.code));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('entity_suspended');
    expect((await get(bank.apiKey, filed.id)).statusCode).toBe(200);
    await entities.setStatus(bank.code, 'active');
    expect((await post(bank.apiKey, aReport(bank.code))).statusCode).toBe(201);

    const second = await entities.issueApiKey(bank.code);
    await entities.revokeApiKey(bank.apiKey.slice(4, 20));
    expect((await post(bank.apiKey, aReport(bank.code))).statusCode).toBe(401);
    expect((await post(second, aReport(bank.code))).statusCode).toBe(201);
    expect((await entities.describe(bank.code)).activeKeys).toHaveLength(1);
  });
});
