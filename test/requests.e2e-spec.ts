import { RequestsService } from '@fiu/reports';
import { aReport, asGoamlXml } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { startTestNode, TestNode } from './support/test-node';

const TEST_ACTOR = { type: 'system' as const, id: 'test', name: 'test' };

describe('requests for information', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode();
  });

  afterAll(async () => {
    await node?.close();
  });

  const call = (key: string, method: 'GET' | 'POST', url: string, payload?: unknown, contentType = 'application/json') =>
    node.intake.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}`, ...(payload === undefined ? {} : { 'content-type': contentType }) },
      payload: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('lists the FIU\'s requests to the entity, and a goAML report naming one in fiu_ref_number answers it', async () => {
    const bank = await aReportingEntity(node.worker);
    const filed = (await call(bank.apiKey, 'POST', '/v1/reports', aReport(bank.code))).json();
    const request = await node.worker.get(RequestsService).create({
      entityCode: bank.code,
      reportFiuRef: filed.fiuRef,
      subject: 'Jan Jansen, born 1980-04-01',
      question: 'Please send the account statements for November 2026.',
      dueDate: '2099-12-31',
      requestedBy: 'analyst:test',
    }, TEST_ACTOR);
    const listed = (await call(bank.apiKey, 'GET', '/v1/requests')).json();
    expect(listed).toEqual([expect.objectContaining({ reference: request.reference, reportFiuRef: filed.fiuRef, status: 'open' })]);

    const answer = await call(bank.apiKey, 'POST', '/v1/reports', asGoamlXml(aReport(bank.code, { fiuRefNumber: request.reference })), 'application/xml');
    expect(answer.statusCode).toBe(201);
    expect(answer.json().trail.map((step: { status: string }) => step.status)).toContain('answers_request');
    expect((await call(bank.apiKey, 'GET', `/v1/requests/${request.id}`)).json()).toMatchObject({ status: 'answered', answerReportId: answer.json().id });

    // A report naming an unknown request is accepted with a warning.
    const stray = (await call(bank.apiKey, 'POST', '/v1/reports', aReport(bank.code, { fiuRefNumber: 'XX-RFI-1999-000001' }))).json();
    expect(stray.status).toBe('accepted_with_warnings');
    expect(stray.errors).toContainEqual(expect.objectContaining({ code: 'unknown_request', path: '/fiuRefNumber', severity: 'warning' }));
  });

  it('takes an answer as a message with attachments, once', async () => {
    const bank = await aReportingEntity(node.worker);
    const request = await node.worker.get(RequestsService).create({ entityCode: bank.code, question: 'Who is the UBO of Acme Trading BV?', requestedBy: 'analyst:test' }, TEST_ACTOR);
    const answer = {
      message: 'The UBO is Piet Bakker; the register extract is attached.',
      attachments: [{ fileName: 'ubo-extract.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 extract').toString('base64') }],
    };
    const answered = await call(bank.apiKey, 'POST', `/v1/requests/${request.id}/answers`, answer);
    expect(answered.statusCode).toBe(201);
    expect(answered.json()).toMatchObject({ status: 'answered' });
    const [stored] = await node.dataSource.query(
      'SELECT a.file_name, a.size FROM request_answer_attachments a JOIN request_answers r ON r.id = a.answer_id WHERE r.request_id = $1',
      [request.id],
    );
    expect(stored).toEqual({ file_name: 'ubo-extract.pdf', size: 16 });
    expect((await call(bank.apiKey, 'POST', `/v1/requests/${request.id}/answers`, answer)).statusCode).toBe(409);
    const bad = await call(bank.apiKey, 'POST', `/v1/requests/${request.id}/answers`, { message: '', attachments: [{ fileName: '../x' }] });
    expect(bad.statusCode).toBe(400);
  });

  it("never shows one entity another entity's requests", async () => {
    const bankA = await aReportingEntity(node.worker);
    const bankB = await aReportingEntity(node.worker);
    const request = await node.worker.get(RequestsService).create({ entityCode: bankA.code, question: 'Anything on account 123?', requestedBy: 'analyst:test' }, TEST_ACTOR);
    expect((await call(bankB.apiKey, 'GET', '/v1/requests')).json()).toEqual([]);
    expect((await call(bankB.apiKey, 'GET', `/v1/requests/${request.id}`)).statusCode).toBe(404);
    expect((await call(bankB.apiKey, 'POST', `/v1/requests/${request.id}/answers`, { message: 'x' })).statusCode).toBe(404);
  });
});
