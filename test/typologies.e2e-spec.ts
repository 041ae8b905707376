import { AnalysisService, ScreeningService } from '@fiu/analysis';
import { aCustomer, anAccount, aReport, aTransaction } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { eventually, startTestNode, TestNode } from './support/test-node';

type Explained = { rule: string; weight: number; points: number; summary: string; evidence: { transactionIds: string[]; subjectIds: string[] } };

describe('typologies and explained risk scores', () => {
  let node: TestNode;
  let bank: { apiKey: string; code: string };

  beforeAll(async () => {
    node = await startTestNode();
    bank = await aReportingEntity(node.worker);
  });

  afterAll(async () => {
    await node?.close();
  });

  const file = async (report: object) => {
    const response = await node.intake.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: { authorization: `Bearer ${bank.apiKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify(report),
    });
    expect({ status: response.statusCode, errors: response.json().errors }).toMatchObject({ status: 201 });
    const id = response.json().id as string;
    await eventually(async () => ((await node.dataSource.query('SELECT status FROM reports WHERE id = $1', [id]))[0].status === 'analysed' ? true : undefined));
    return id;
  };
  const resultOf = async (reportId: string) =>
    (await node.dataSource.query('SELECT score, band, rule_set, explanation, updated_at FROM analysis_results WHERE report_id = $1', [reportId]))[0] as {
      score: number;
      band: string;
      rule_set: string;
      explanation: Explained[];
      updated_at: Date;
    };
  const transactionsOf = async (reportId: string) =>
    ((await node.dataSource.query('SELECT id FROM report_transactions WHERE report_id = $1', [reportId])) as { id: string }[]).map((row) => row.id);
  const day = (offset: number) => new Date(Date.UTC(2026, 9, 5 + offset, 10)).toISOString().slice(0, 19);

  it('raises the score when cash deposits just under the threshold are spread across three reports', async () => {
    // A depositor of their own, so earlier tests' deposits cannot count.
    const depositor = aCustomer({ firstName: 'Pieter', lastName: 'Structuur', birthdate: '1975-02-03', identification: [{ type: 'PASSP', number: 'SP1111111', issueCountry: 'NL' }] });
    const deposit = (offset: number, amount: string) =>
      aReport(bank.code, {
        transaction: [aTransaction({ dateTransaction: day(offset), amountLocal: amount, tFromMyClient: { fromFundsCode: 'CASH', fromPerson: depositor, fromCountry: 'NL' } })],
      });
    const first = await file(deposit(0, '9500.00'));
    const second = await file(deposit(1, '9300.00'));
    const third = await file(deposit(2, '9700.00'));

    const before = await resultOf(first);
    const after = await resultOf(third);
    expect(before.explanation.map((entry) => entry.rule)).not.toContain('structuring');
    const structuring = after.explanation.find((entry) => entry.rule === 'structuring')!;
    expect(structuring).toMatchObject({ weight: 45 });
    expect(structuring.points).toBeGreaterThan(0);
    // The evidence names the three deposits, one from each report.
    const all = [...(await transactionsOf(first)), ...(await transactionsOf(second)), ...(await transactionsOf(third))];
    expect(structuring.evidence.transactionIds.sort()).toEqual(all.sort());
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.score).toBe(after.explanation.reduce((sum, entry) => sum + entry.points, 0));
    expect(after.rule_set).toMatch(/^default@[0-9a-f]{12}$/);
  });

  it('finds money that comes back to its origin through other accounts', async () => {
    const ibans = ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606'];
    const account = (iban: string, name: string) =>
      anAccount({ iban, account: iban.slice(-10), accountName: name, tEntity: { ...(anAccount().tEntity as object), name, incorporationNumber: iban.slice(-8) } });
    const hop = (from: number, to: number, offset: number) =>
      aReport(bank.code, {
        transaction: [
          aTransaction({
            dateTransaction: day(10 + offset),
            transmodeCode: 'ELCFT',
            amountLocal: String(50_000 - offset * 1_000) + '.00',
            tFromMyClient: { fromFundsCode: 'DPOST', fromAccount: account(ibans[from], `Circle ${from}`), fromCountry: 'NL' },
            tToMyClient: { toFundsCode: 'DPOST', toAccount: account(ibans[to], `Circle ${to}`), toCountry: 'NL' },
          }),
        ],
      });
    await file(hop(0, 1, 0));
    await file(hop(1, 2, 1));
    const closing = await file(hop(2, 0, 2));
    const cycle = (await resultOf(closing)).explanation.find((entry) => entry.rule === 'cycle');
    expect(cycle?.summary).toContain('after 3 hops');
    expect(cycle?.evidence.transactionIds).toHaveLength(3);
    expect(cycle?.evidence.subjectIds).toHaveLength(3);
  });

  it('scores a report naming a listed person high, with the hit as its evidence, and re-scores on demand without changing a re-run', async () => {
    await node.worker.get(ScreeningService).importList('un', [
      { source: 'un', sourceRef: 'QDi.999', kind: 'person', name: 'Viktor Zlatanov Brankovic', aliases: [], datesOfBirth: ['1961-07-14'], nationalities: [], identifiers: [], programs: ['TEST'] },
    ]);
    const listed = aCustomer({ firstName: 'Victor Zlatanov', lastName: 'Brankovich', birthdate: '1961-07-14', identification: [{ type: 'PASSP', number: 'VB7777777', issueCountry: 'NL' }] });
    const id = await file(aReport(bank.code, { transaction: [aTransaction({ tFromMyClient: { fromFundsCode: 'CASH', fromPerson: listed, fromCountry: 'NL' } })] }));
    const result = await resultOf(id);
    const hit = result.explanation.find((entry) => entry.rule === 'sanctions_hit')!;
    expect(hit.summary).toContain('QDi.999');
    expect(result.score).toBeGreaterThanOrEqual(80);
    expect(result.band).toBe('high');

    // The same rules and lists again: nothing changes, not even the row's update time.
    await expect(node.worker.get(AnalysisService).analyseReport(id)).resolves.toBe('already_analysed');
    expect((await resultOf(id)).updated_at).toEqual(result.updated_at);
  });

  it('records a permanent analysis failure on the report itself', async () => {
    const id = await file(aReport(bank.code));
    await node.worker.get(AnalysisService).recordPermanentFailure(id, 'analysis failed after 4 attempts: engine unavailable');
    const [report] = await node.dataSource.query('SELECT analysis_error FROM reports WHERE id = $1', [id]);
    expect(report.analysis_error).toContain('engine unavailable');
    const events = await node.dataSource.query("SELECT detail FROM report_events WHERE report_id = $1 AND status = 'analysis_failed'", [id]);
    expect(events).toHaveLength(1);
  });
});
