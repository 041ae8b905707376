import { aCustomer, aReport, aTransaction } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { AnalysisService, ScreeningService } from '@fiu/analysis';
import { signedIn, startConsole } from './support/console-node';
import { eventually, startTestNode, TestNode } from './support/test-node';

describe('entity resolution on the analysis queue', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode();
  });

  afterAll(async () => {
    await node?.close();
  });

  const fileAndAnalyse = async (apiKey: string, report: object) => {
    const response = await node.intake.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify(report),
    });
    expect(response.statusCode).toBe(201);
    const id = response.json().id as string;
    await eventually(async () => ((await node.dataSource.query('SELECT status FROM reports WHERE id = $1', [id]))[0].status === 'analysed' ? true : undefined));
    return id;
  };
  const subjectsOf = (reportId: string) =>
    node.dataSource.query(
      `SELECT p.place, p.display_name, l.subject_id, l.method FROM report_parties p JOIN party_subject_links l ON l.party_id = p.id
        WHERE p.report_id = $1 ORDER BY p.path, p.place`,
      [reportId],
    );

  it('links the same customer filed by two banks, by identifier and by a close match of name and birth date', async () => {
    const bank = await aReportingEntity(node.worker);
    const otherBank = await aReportingEntity(node.worker);
    const first = await fileAndAnalyse(bank.apiKey, aReport(bank.code, { transaction: [aTransaction()] }));
    // The same person again, one letter off in the surname and with another passport: no shared identifier.
    const again = aCustomer({ lastName: 'Janssen', identification: [{ type: 'PASSP', number: 'XY9876543', issueDate: '2021-01-01', expiryDate: '2031-01-01', issueCountry: 'NL' }] });
    const second = await fileAndAnalyse(otherBank.apiKey, aReport(otherBank.code, { transaction: [aTransaction({ tFromMyClient: { fromFundsCode: 'CASH', fromPerson: again, fromCountry: 'NL' } })] }));
    const a = await subjectsOf(first);
    const b = await subjectsOf(second);
    const person = (rows: { place: string; subject_id: string; method: string }[]) => rows.find((row) => row.place === 'from')!;
    expect(person(b).subject_id).toBe(person(a).subject_id);
    expect(person(b).method).toBe('probabilistic');
    // The company account shares its IBAN: a deterministic link.
    const account = (rows: { place: string; subject_id: string; method: string }[]) => rows.find((row) => row.place === 'to')!;
    expect(account(b)).toMatchObject({ subject_id: account(a).subject_id, method: 'strong_identifier' });
    const [{ reason }] = await node.dataSource.query(
      "SELECT l.reason FROM party_subject_links l JOIN report_parties p ON p.id = l.party_id WHERE p.report_id = $1 AND p.place = 'from'",
      [second],
    );
    expect(reason.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'date_of_birth', level: 'exact' })]));
  });

  it('screens every subject a report names against the loaded lists, and keeps the hits with their explanation', async () => {
    await node.worker.get(ScreeningService).importList('ofac', [
      { source: 'ofac', sourceRef: '99001', kind: 'entity', name: 'ACME TRADING B.V.', aliases: [], datesOfBirth: [], nationalities: ['NL'], identifiers: [], programs: ['TEST'] },
      ...Array.from({ length: 40 }, (_, i) => ({ source: 'ofac' as const, sourceRef: `9${i}`, kind: 'entity' as const, name: `Ocean Trading Company ${i}`, aliases: [], datesOfBirth: [], nationalities: [], identifiers: [], programs: ['X'] })),
    ]);
    const bank = await aReportingEntity(node.worker);
    const id = await fileAndAnalyse(bank.apiKey, aReport(bank.code, { transaction: [aTransaction()] }));
    const hits = await node.dataSource.query(
      `SELECT h.source_ref, h.score, h.explanation, s.display_name FROM screening_hits h JOIN subjects s ON s.id = h.subject_id
        JOIN party_subject_links l ON l.subject_id = s.id JOIN report_parties p ON p.id = l.party_id WHERE p.report_id = $1`,
      [id],
    );
    expect(hits).toContainEqual(expect.objectContaining({ source_ref: '99001', display_name: 'Acme Trading BV' }));
    expect(hits.find((hit: { source_ref: string }) => hit.source_ref === '99001').explanation.join(' ')).toContain('"acme" ~ "acme"');
    expect(hits.every((hit: { source_ref: string }) => hit.source_ref === '99001')).toBe(true);
  });

  it('screens every subject again, in the background, when a list is reloaded', async () => {
    const bank = await aReportingEntity(node.worker);
    const customer = aCustomer({ firstName: 'Dmitri', lastName: 'Volkogonov', birthdate: '1966-03-03', identification: [{ type: 'PASSP', number: 'RU7777777', issueDate: '2020-01-01', expiryDate: '2030-01-01', issueCountry: 'RU' }] });
    const id = await fileAndAnalyse(bank.apiKey, aReport(bank.code, { transaction: [aTransaction({ tFromMyClient: { fromFundsCode: 'CASH', fromPerson: customer, fromCountry: 'NL' } })] }));
    const hitsFor = () =>
      node.dataSource.query(
        `SELECT h.source_ref FROM screening_hits h JOIN party_subject_links l ON l.subject_id = h.subject_id
          JOIN report_parties p ON p.id = l.party_id WHERE p.report_id = $1 AND p.place = 'from'`,
        [id],
      );
    expect(await hitsFor()).toEqual([]);
    await node.worker.get(ScreeningService).importList('un', [
      { source: 'un', sourceRef: 'KPi.777', kind: 'person', name: 'Dmitriy VOLKOGONOV', aliases: [], datesOfBirth: ['1966-03-03'], nationalities: ['RU'], identifiers: [], programs: ['TEST'] },
    ]);
    const hits = await eventually(async () => {
      const found = await hitsFor();
      return found.length ? found : undefined;
    }, 15_000, 'the re-screening job to find the subject');
    expect(hits).toEqual([{ source_ref: 'KPi.777' }]);
  });

  it('keeps a different person apart, and leaves a borderline pair for an analyst', async () => {
    const bank = await aReportingEntity(node.worker);
    const base = await fileAndAnalyse(bank.apiKey, aReport(bank.code, { transaction: [aTransaction({ tFromMyClient: { fromFundsCode: 'CASH', fromPerson: aCustomer({ firstName: 'Maria', lastName: 'Kowalski', birthdate: '1975-06-15', identification: [{ type: 'PASSP', number: 'PL1111111', issueDate: '2020-01-01', expiryDate: '2030-01-01', issueCountry: 'PL' }] }), fromCountry: 'NL' } })] }));
    const stranger = await fileAndAnalyse(bank.apiKey, aReport(bank.code, { transaction: [aTransaction({ tFromMyClient: { fromFundsCode: 'CASH', fromPerson: aCustomer({ firstName: 'Tomasz', lastName: 'Nowak', birthdate: '1990-02-02', identification: [{ type: 'PASSP', number: 'PL2222222', issueDate: '2020-01-01', expiryDate: '2030-01-01', issueCountry: 'PL' }] }), fromCountry: 'NL' } })] }));
    const borderline = await fileAndAnalyse(bank.apiKey, aReport(bank.code, { transaction: [aTransaction({ tFromMyClient: { fromFundsCode: 'CASH', fromPerson: aCustomer({ firstName: 'Marta', lastName: 'Kowalska', birthdate: '1975-06-15', addresses: [{ addressType: 'PRIVT', address: 'Other street 9', city: 'Utrecht', countryCode: 'NL', state: 'Utrecht' }], identification: [{ type: 'PASSP', number: 'PL3333333', issueDate: '2020-01-01', expiryDate: '2030-01-01', issueCountry: 'PL' }] }), fromCountry: 'NL' } })] }));
    const from = async (id: string) => (await subjectsOf(id)).find((row: { place: string }) => row.place === 'from');
    expect((await from(stranger)).subject_id).not.toBe((await from(base)).subject_id);
    const near = await from(borderline);
    expect(near.method).toBe('new_subject');
    const [match] = await node.dataSource.query(
      "SELECT m.candidate_subject_id, m.status, m.score FROM possible_matches m JOIN report_parties p ON p.id = m.party_id WHERE p.report_id = $1 AND p.place = 'from'",
      [borderline],
    );
    expect(match).toMatchObject({ candidate_subject_id: (await from(base)).subject_id, status: 'open' });

    // An analyst confirms the pair in the console; a second decision is refused, and analysis never undoes it.
    const consoleApp = await startConsole();
    try {
      const analyst = await signedIn(consoleApp, 'analyst');
      const auth = { authorization: `Bearer ${analyst.accessToken}` };
      const open = (await consoleApp.inject({ method: 'GET', url: '/v1/possible-matches', headers: auth })).json();
      const pair = open.find((item: { candidate: { subjectId: string } }) => item.candidate.subjectId === match.candidate_subject_id);
      expect(pair).toMatchObject({ status: 'open', party: { displayName: 'Marta Kowalska' } });
      const decided = await consoleApp.inject({ method: 'POST', url: `/v1/possible-matches/${pair.id}/decision`, headers: auth, payload: { decision: 'confirm' } });
      expect(decided.json()).toEqual({ id: pair.id, status: 'confirmed' });
      expect((await from(borderline)).subject_id).toBe((await from(base)).subject_id);
      expect((await consoleApp.inject({ method: 'POST', url: `/v1/possible-matches/${pair.id}/decision`, headers: auth, payload: { decision: 'reject' } })).statusCode).toBe(409);
      await node.worker.get(AnalysisService).analyseReport(borderline);
      expect(await from(borderline)).toMatchObject({ subject_id: (await from(base)).subject_id, method: 'analyst_confirmed' });
    } finally {
      await consoleApp.close();
    }
  });

  it('resolves one new person filed in many reports at once to one subject, while the worker runs them in parallel', async () => {
    const bank = await aReportingEntity(node.worker);
    // Same person, no shared identifier (a new passport each time): only the name and birth date tie them.
    const reports = Array.from({ length: 12 }, (_, i) =>
      aReport(bank.code, {
        transaction: [
          aTransaction({
            tFromMyClient: {
              fromFundsCode: 'CASH',
              fromPerson: aCustomer({ firstName: 'Marit', lastName: 'Oudendijk', birthdate: '1964-10-30', identification: [{ type: 'PASSP', number: `MO${String(i).padStart(7, '0')}`, issueCountry: 'NL' }] }),
              fromCountry: 'NL',
            },
          }),
        ],
      }),
    );
    const ids = await Promise.all(reports.map((report) => fileAndAnalyse(bank.apiKey, report)));
    const subjects = new Set<string>();
    for (const id of ids) subjects.add((await subjectsOf(id)).find((row: { place: string }) => row.place === 'from').subject_id);
    expect(subjects.size).toBe(1);
  });
});
