import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XsdValidator } from '../libs/reports/src/goaml/xsd-validation/xsd-validator';
import { aReport, aTransaction, asGoamlXml } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { describeWithSharedData } from './support/shared-data';
import { startTestNode, TestNode } from './support/test-node';
import { zipOf } from './support/zip';

let node: TestNode;

beforeAll(async () => {
  node = await startTestNode();
});

afterAll(async () => {
  await node?.close();
});

const post = (key: string, payload: string | Buffer, contentType = 'application/xml') =>
  node.intake.inject({ method: 'POST', url: '/v1/reports', headers: { authorization: `Bearer ${key}`, 'content-type': contentType }, payload });
const get = (key: string, url: string) => node.intake.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
const rows = async (sql: string, ...params: unknown[]) => node.dataSource.query(sql, params);

describe('goAML XML intake', () => {
  it('accepts a goAML XML report and lands its transactions, parties and identifiers in the tables', async () => {
    const bank = await aReportingEntity(node.worker);
    const response = await post(bank.apiKey, asGoamlXml(aReport(bank.code, { entityReference: 'XML-1' })));
    expect(response.statusCode).toBe(201);
    const ack = response.json();
    expect(ack).toMatchObject({ status: 'accepted', entityReference: 'XML-1', errors: [] });
    expect(await rows('SELECT transaction_number IS NOT NULL AS numbered, shape, amount_local FROM report_transactions WHERE report_id = $1 ORDER BY position', ack.id)).toEqual([
      { numbered: true, shape: 'bi_party', amount_local: '9500.00' },
      { numbered: true, shape: 'bi_party', amount_local: '9400.00' },
    ]);
    const parties = await rows('SELECT place, kind, display_name, my_client FROM report_parties WHERE report_id = $1 ORDER BY path, place', ack.id);
    expect(parties).toEqual(
      expect.arrayContaining([
        { place: 'from', kind: 'person', display_name: 'Jan Jansen', my_client: true },
        { place: 'to', kind: 'account', display_name: 'Acme Trading BV', my_client: true },
        { place: 'account_holder', kind: 'entity', display_name: 'Acme Trading BV', my_client: false },
      ]),
    );
    const identifiers = await rows("SELECT kind, value FROM party_identifiers WHERE report_id = $1 AND kind IN ('iban', 'identification:PASSP') ORDER BY kind, value", ack.id);
    expect(identifiers).toContainEqual({ kind: 'iban', value: 'NL91ABNA0417164300' });
    expect(identifiers).toContainEqual({ kind: 'identification:PASSP', value: 'NP1234567' });
    const [report] = await rows('SELECT report_code, transaction_count, indicators, reason IS NOT NULL AS has_reason, content_type FROM reports WHERE id = $1', ack.id);
    expect(report).toEqual({ report_code: 'STR', transaction_count: 2, indicators: ['STRUCT'], has_reason: true, content_type: 'application/xml' });
  });

  it('rejects a report with structural and business errors, listing every one with its XPath, and keeps it', async () => {
    const bank = await aReportingEntity(node.worker);
    const xml = asGoamlXml(aReport(bank.code, { entityReference: 'XML-BAD' }))
      .replace('<currency_code_local>EUR</currency_code_local>', '<currency_code_local>EURO</currency_code_local>')
      .replace('<amount_local>9400.00</amount_local>', '<amount_local>-9400.00</amount_local>')
      .replace('<from_country>NL</from_country>', '<from_country>XX</from_country>')
      .replace('<transmode_code>CDM</transmode_code>', '<transmode_code>CDM</transmode_code><colour>red</colour>');
    const response = await post(bank.apiKey, xml);
    expect(response.statusCode).toBe(422);
    const { status, errors } = response.json();
    expect(status).toBe('rejected');
    const found = errors.map((e: { code: string; path: string }) => `${e.code} ${e.path}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'invalid_code /report/currency_code_local',
        'amount_not_positive /report/transaction[2]/amount_local',
        'invalid_country /report/transaction[1]/t_from_my_client/from_country',
        'unknown_element /report/transaction[1]/colour',
      ]),
    );
    expect(await rows('SELECT count(*)::int AS n FROM report_transactions t JOIN reports r ON r.id = t.report_id WHERE r.entity_reference = $1', 'XML-BAD')).toEqual([{ n: 0 }]);
  });

  it('answers malformed XML with 400 and the position, and stores nothing', async () => {
    const bank = await aReportingEntity(node.worker);
    const response = await post(bank.apiKey, '<?xml version="1.0"?>\n<report>\n  <rentity_id>1</rentity_id>\n  <oops>\n</report>');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ code: 'malformed_xml', severity: 'fatal', message: expect.stringMatching(/^Line 5, column \d+/) });
  });

  it.each([
    ['XXE with a file URL', '<?xml version="1.0"?><!DOCTYPE report [<!ENTITY x SYSTEM "file:///etc/passwd">]><report>&x;</report>', 'doctype_forbidden'],
    ['XXE with an http URL', '<!DOCTYPE report [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]><report>&x;</report>', 'doctype_forbidden'],
    ['billion laughs', `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><report>&lol9;</report>`, 'doctype_forbidden'],
    ['an undeclared entity', '<report><reason>&boom;</reason></report>', 'entity_forbidden'],
  ])('refuses %s before expanding anything', async (_name, xml, code) => {
    const bank = await aReportingEntity(node.worker);
    const response = await post(bank.apiKey, xml);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].code).toBe(code);
  });

  it('accepts the JSON form of the same report, and writes any stored report back out as the same goAML', async () => {
    const bank = await aReportingEntity(node.worker);
    const report = aReport(bank.code, { entityReference: 'RT-1' });
    const viaJson = (await post(bank.apiKey, JSON.stringify(report), 'application/json')).json();
    expect(viaJson.status).toBe('accepted');
    const exported = await get(bank.apiKey, `/v1/reports/${viaJson.id}/xml`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('application/xml');
    expect(exported.body).toBe(asGoamlXml(report));

    // XML -> model -> XML -> model is stable.
    const viaXml = (await post(bank.apiKey, exported.body.replace('RT-1', 'RT-2'))).json();
    expect(viaXml.status).toBe('accepted');
    const again = await get(bank.apiKey, `/v1/reports/${viaXml.id}/xml`);
    expect(again.body).toBe(exported.body.replace('RT-1', 'RT-2'));
    const shape = (id: string) =>
      rows('SELECT place, kind, display_name, account_number, iban, birthdate::text FROM report_parties WHERE report_id = $1 ORDER BY path, place', id);
    expect(await shape(viaXml.id)).toEqual(await shape(viaJson.id));
  });

  it('accepts a ZIP of one goAML XML with attachments, storing each with its SHA-256, size and type', async () => {
    const bank = await aReportingEntity(node.worker);
    const evidence = Buffer.from('%PDF-1.4 statement of account');
    const zip = await zipOf({ 'report.xml': asGoamlXml(aReport(bank.code)), 'statement.pdf': evidence });
    const response = await post(bank.apiKey, zip, 'application/zip');
    expect(response.statusCode).toBe(201);
    const attachments = await rows('SELECT file_name, content_type, size, sha256 FROM report_attachments WHERE report_id = $1', response.json().id);
    expect(attachments).toEqual([
      { file_name: 'statement.pdf', content_type: 'application/pdf', size: evidence.length, sha256: createHash('sha256').update(evidence).digest('hex') },
    ]);
    const twoReports = await zipOf({ 'a.xml': '<report/>', 'b.xml': '<report/>' });
    expect((await post(bank.apiKey, twoReports, 'application/zip')).json().errors[0].code).toBe('several_reports_in_zip');
  });

  it('streams a large file into the tables, bulk-copied row for row, awkward characters included', async () => {
    const bank = await aReportingEntity(node.worker);
    const count = 1200;
    const transactions = Array.from({ length: count }, (_, i) =>
      aTransaction({ transactionnumber: `B-${i}`, transactionDescription: `tab\there, back\\slash, line\nbreak, quote' "${i}"` }),
    );
    const response = await post(bank.apiKey, asGoamlXml(aReport(bank.code, { transaction: transactions })));
    expect(response.statusCode).toBe(201);
    const id = response.json().id;
    const [counts] = await rows(
      `SELECT (SELECT count(*)::int FROM report_transactions WHERE report_id = $1) AS transactions,
              (SELECT count(*)::int FROM report_parties WHERE report_id = $1) AS parties,
              (SELECT count(*)::int FROM party_identifiers WHERE report_id = $1 AND kind = 'iban') AS ibans`,
      id,
    );
    expect(counts).toEqual({ transactions: count, parties: count * 3, ibans: count });
    const [last] = await rows("SELECT description, element->>'n' AS root FROM report_transactions WHERE report_id = $1 AND transaction_number = 'B-1199'", id);
    expect(last).toEqual({ description: `tab\there, back\\slash, line\nbreak, quote' "1199"`, root: 'transaction' });
    const exported = await get(bank.apiKey, `/v1/reports/${id}/xml`);
    expect((exported.body.match(/<transaction>/g) ?? []).length).toBe(count);
  });

  it('exports nothing for a rejected or unknown report, and refuses bodies that are not reports', async () => {
    const bank = await aReportingEntity(node.worker);
    const rejected = (await post(bank.apiKey, JSON.stringify(aReport(bank.code, { currencyCodeLocal: 'EURO' })), 'application/json')).json();
    expect(rejected.status).toBe('rejected');
    const notExportable = await get(bank.apiKey, `/v1/reports/${rejected.id}/xml`);
    expect([notExportable.statusCode, notExportable.json().code]).toEqual([409, 'not_exportable']);
    const unknown = await get(bank.apiKey, '/v1/reports/00000000-0000-0000-0000-000000000000/xml');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'report_not_found']);
    const form = await post(bank.apiKey, 'entityReference=X&reportCode=STR', 'application/x-www-form-urlencoded');
    expect(form.statusCode).toBe(415);
    const text = await post(bank.apiKey, '{"entityReference":"X"}', 'text/plain');
    expect(text.statusCode).toBe(415);
  });

  it('serves the code lists it validates against', async () => {
    const bank = await aReportingEntity(node.worker);
    const response = await get(bank.apiKey, '/v1/code-lists');
    expect(response.statusCode).toBe(200);
    const { lists } = response.json();
    expect(lists.report_type.map((entry: { code: string }) => entry.code)).toContain('STR');
    expect(lists.currency_type.map((entry: { code: string }) => entry.code)).toContain('EUR');
    expect((await node.intake.inject({ method: 'GET', url: '/v1/code-lists' })).statusCode).toBe(401);
  });
});

describeWithSharedData('goAML samples from ../shared/data', (data) => {
  const samples = data ? readdirSync(join(data, 'goaml/samples')).filter((file) => file.endsWith('.xml')) : [];

  it.each(samples)('accepts %s and lands its parties and transactions', async (file) => {
    const xml = readFileSync(join(data, 'goaml/samples', file));
    const code = /<rentity_id>\s*(\d+)\s*<\/rentity_id>/.exec(xml.toString('utf8'))![1];
    const entities = await rows('SELECT 1 FROM reporting_entities WHERE code = $1', code);
    const bank = entities.length ? null : await aReportingEntity(node.worker, { code });
    const key = bank?.apiKey ?? (await node.worker.get((await import('@fiu/reports')).ReportingEntitiesService).issueApiKey(code));
    const response = await post(key, xml);
    expect(response.json().errors.filter((e: { severity: string }) => e.severity !== 'warning')).toEqual([]);
    expect([200, 201]).toContain(response.statusCode);
    const id = response.json().id;
    const [{ parties }] = await rows('SELECT count(*)::int AS parties FROM report_parties WHERE report_id = $1', id);
    const [{ transactions }] = await rows('SELECT transaction_count AS transactions FROM reports WHERE id = $1', id);
    expect(parties).toBeGreaterThan(0);
    expect(transactions + parties).toBeGreaterThan(1);
  });

  it('exports a report filed as JSON as goAML XML that the UAE 5.0.2 schema accepts', async () => {
    const bank = await aReportingEntity(node.worker);
    // The UAE schema asks more than the built-in one (a one-letter transmode comment, its own indicator list,
    // more about own customers), so this report names parties that are not the filer's customers.
    const report = aReport(bank.code, {
      transaction: [
        aTransaction({
          transmodeComment: 'C',
          tFromMyClient: undefined,
          tToMyClient: undefined,
          tFrom: { fromFundsCode: 'CASH', fromPerson: { firstName: 'Jan', lastName: 'Jansen' }, fromCountry: 'NL' },
          tTo: { toFundsCode: 'DPOST', toAccount: { institutionName: 'Other Bank NV', swift: 'OTHRNL2A', account: '55501234', accountName: 'P Bakker' }, toCountry: 'NL' },
        }),
      ],
      reportIndicators: ['STRUC'],
    });
    const filed = (await post(bank.apiKey, JSON.stringify(report), 'application/json')).json();
    expect(filed.status).toBe('accepted');
    const xml = (await get(bank.apiKey, `/v1/reports/${filed.id}/xml`)).body;
    const validator = await XsdValidator.fromFile(join(data, 'goaml/schema/goAMLSchema-5.0.2-ae-patched.xsd'));
    expect(await validator.validate(xml)).toEqual([]);
  });
});
