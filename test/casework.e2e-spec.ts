import { createHash } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { canonicalJson } from '@fiu/cases';
import { aCustomer, anAccount, aReport, aTransaction } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { signedIn, startConsole } from './support/console-node';
import { fileAnalysed } from './support/filing';
import { startTestNode, TestNode } from './support/test-node';

describe('analyst console: triage, search, subjects, cases, dissemination, audit', () => {
  let node: TestNode;
  let app: NestFastifyApplication;
  let bank: { apiKey: string; code: string };
  let analyst: string;
  let otherAnalyst: string;
  let supervisor: string;
  let otherSupervisor: string;
  let admin: string;
  let analystId: string;
  let otherAnalystId: string;
  let supervisorId: string;

  beforeAll(async () => {
    node = await startTestNode();
    app = await startConsole();
    bank = await aReportingEntity(node.worker);
    const a = await signedIn(app, 'analyst');
    analyst = a.accessToken;
    analystId = (await node.dataSource.query('SELECT id FROM staff_users WHERE username = $1', [a.username]))[0].id;
    const other = await signedIn(app, 'analyst');
    otherAnalyst = other.accessToken;
    otherAnalystId = (await node.dataSource.query('SELECT id FROM staff_users WHERE username = $1', [other.username]))[0].id;
    const s = await signedIn(app, 'supervisor');
    supervisor = s.accessToken;
    supervisorId = (await node.dataSource.query('SELECT id FROM staff_users WHERE username = $1', [s.username]))[0].id;
    otherSupervisor = (await signedIn(app, 'supervisor')).accessToken;
    admin = (await signedIn(app, 'admin')).accessToken;
  });

  afterAll(async () => {
    await app?.close();
    await node?.close();
  });

  const call = async (token: string, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, payload });
  const file = (report: object) => fileAnalysed(node, bank.apiKey, report);
  const subjectOf = async (reportId: string, place: string) =>
    (
      await node.dataSource.query(
        'SELECT l.subject_id FROM report_parties p JOIN party_subject_links l ON l.party_id = p.id WHERE p.report_id = $1 AND p.place = $2 AND p.parent_party_id IS NULL',
        [reportId, place],
      )
    )[0].subject_id as string;

  // A fixture network: Greta signs for account A (held by a company); A pays B, B pays C. From Greta: 1 hop = A; 2 hops = A, A's holder and B.
  const ibanA = 'DE89370400440532013000';
  const ibanB = 'GB82WEST12345698765432';
  const ibanC = 'FR1420041010050500013M02606';
  const greta = aCustomer({ firstName: 'Greta', lastName: 'Vandersloot', birthdate: '1969-03-09', identification: [{ type: 'PASSP', number: 'GV5555555', issueCountry: 'NL' }] });
  const account = (iban: string, name: string, extra: object = {}) =>
    anAccount({ iban, account: iban.slice(-10), accountName: name, tEntity: { ...(anAccount().tEntity as object), name, incorporationNumber: iban.slice(-8) }, ...extra });
  const transfer = (from: object, to: object, amount: string, description: string) =>
    aTransaction({
      transmodeCode: 'ELCFT',
      amountLocal: amount,
      transactionDescription: description,
      tFromMyClient: { fromFundsCode: 'DPOST', fromAccount: from, fromCountry: 'NL' },
      tToMyClient: { toFundsCode: 'DPOST', toAccount: to, toCountry: 'NL' },
    });

  let cashReport: string;
  let networkReport: string;
  let gretaId: string;

  it('files the fixture reports and shows them in triage, highest score first, with filters and paging', async () => {
    cashReport = await file(aReport(bank.code, { reason: 'Repeated cash deposits by a car dealer below the threshold' }));
    networkReport = await file(
      aReport(bank.code, {
        reason: 'Layering through newly opened company accounts',
        transaction: [
          transfer(account(ibanA, 'Vandersloot Holding', { signatory: [{ isPrimary: true, tPerson: greta, role: 'JAH' }] }), account(ibanB, 'Brightwater Ltd'), '48000.00', 'Consultancy fee invoice 17'),
          transfer(account(ibanB, 'Brightwater Ltd'), account(ibanC, 'Coral Bay SARL'), '47000.00', 'Loan repayment'),
        ],
      }),
    );
    gretaId = (
      await node.dataSource.query(
        "SELECT l.subject_id FROM report_parties p JOIN party_subject_links l ON l.party_id = p.id WHERE p.report_id = $1 AND p.place = 'signatory'",
        [networkReport],
      )
    )[0]?.subject_id;
    expect(gretaId).toBeDefined();

    const page = await call(analyst, 'GET', '/v1/triage?limit=1');
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.items).toHaveLength(1);
    expect(body.total).toBeGreaterThanOrEqual(2);
    const all = (await call(analyst, 'GET', '/v1/triage?limit=200')).json().items as { reportId: string; score: number; status: string }[];
    expect(all.map((item) => item.score)).toEqual([...all.map((item) => item.score)].sort((a, b) => b - a));
    expect(all.find((item) => item.reportId === cashReport)).toMatchObject({ status: 'new' });
    const low = (await call(analyst, 'GET', '/v1/triage?band=low&status=new&reportCode=STR&limit=200')).json().items as { band: string }[];
    expect(low.every((item) => item.band === 'low')).toBe(true);
    expect((await call(analyst, 'GET', '/v1/triage?from=yesterday')).statusCode).toBe(400);
  });

  it('lets one analyst claim a report, refuses a second, lets a supervisor reassign, and closes with a reason', async () => {
    expect((await call(analyst, 'POST', `/v1/triage/${cashReport}/claim`)).json()).toMatchObject({ status: 'in_review', assigneeId: analystId });
    const second = await call(otherAnalyst, 'POST', `/v1/triage/${cashReport}/claim`);
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('already_claimed');
    expect((await call(analyst, 'POST', `/v1/triage/${cashReport}/assign`, { assigneeId: null })).statusCode).toBe(403);
    expect((await call(supervisor, 'POST', `/v1/triage/${cashReport}/assign`, { assigneeId: analystId })).json()).toMatchObject({ assigneeId: analystId });
    expect((await call(analyst, 'POST', `/v1/triage/${cashReport}/close`, {})).statusCode).toBe(400);
    expect((await call(analyst, 'POST', `/v1/triage/${cashReport}/close`, { reason: 'Documented business of the customer' })).json().status).toBe('closed_no_action');
    expect((await call(analyst, 'POST', `/v1/triage/${cashReport}/claim`)).statusCode).toBe(409);
  });

  const audited = async (action: string, objectId: string) =>
    (await node.dataSource.query('SELECT actor_id, detail FROM audit_log WHERE action = $1 AND object_id = $2 ORDER BY id', [action, objectId])) as { actor_id: string; detail: Record<string, unknown> }[];

  it('lets only the assignee or a supervisor close a report, and only a supervisor reopen it, each audited', async () => {
    // Not yet claimed: no analyst may close it; a report someone holds: only they may.
    const unclaimed = await call(analyst, 'POST', `/v1/triage/${networkReport}/close`, { reason: 'Nothing here' });
    expect(unclaimed.statusCode).toBe(403);
    expect(unclaimed.json().code).toBe('not_assignee');
    expect((await call(otherAnalyst, 'POST', `/v1/triage/${networkReport}/claim`)).json()).toMatchObject({ status: 'in_review', assigneeId: otherAnalystId });
    const notTheirs = await call(analyst, 'POST', `/v1/triage/${networkReport}/close`, { reason: 'Nothing here' });
    expect(notTheirs.statusCode).toBe(403);
    expect(notTheirs.json().code).toBe('not_assignee');
    expect((await call(supervisor, 'POST', `/v1/triage/${networkReport}/close`, { reason: 'Supervisor: already known to the police' })).json()).toMatchObject({
      status: 'closed_no_action',
      assigneeId: otherAnalystId,
    });
    expect(await audited('triage.close', networkReport)).toEqual([
      expect.objectContaining({ actor_id: supervisorId, detail: expect.objectContaining({ from: 'in_review', to: 'closed_no_action', reason: 'Supervisor: already known to the police' }) }),
    ]);

    // Reopening is a supervisor's decision, with a reason; the report goes back to the analyst who held it.
    expect((await call(otherAnalyst, 'POST', `/v1/triage/${networkReport}/reopen`, { reason: 'New information' })).statusCode).toBe(403);
    expect((await call(supervisor, 'POST', `/v1/triage/${networkReport}/reopen`, {})).statusCode).toBe(400);
    expect((await call(supervisor, 'POST', `/v1/triage/${networkReport}/reopen`, { reason: 'A second report names the same account' })).json()).toEqual({
      reportId: networkReport,
      status: 'in_review',
      assigneeId: otherAnalystId,
    });
    expect((await call(supervisor, 'POST', `/v1/triage/${networkReport}/reopen`, { reason: 'again' })).statusCode).toBe(409);
    expect(await audited('triage.reopen', networkReport)).toEqual([
      expect.objectContaining({ actor_id: supervisorId, detail: expect.objectContaining({ from: 'closed_no_action', to: 'in_review', reason: 'A second report names the same account' }) }),
    ]);
    const [row] = await node.dataSource.query('SELECT status, closing_reason FROM report_triage WHERE report_id = $1', [networkReport]);
    expect(row).toEqual({ status: 'in_review', closing_reason: null });
  });

  it('finds a subject by a misspelled name and by IBAN, and a report by a word of its narrative', async () => {
    const byName = (await call(analyst, 'GET', `/v1/search?q=${encodeURIComponent('Greta Vandersloth')}`)).json().results as { id: string; matchedOn: string }[];
    expect(byName.find((result) => result.id === gretaId)?.matchedOn).toBe('name');
    const byIban = (await call(analyst, 'GET', '/v1/search?q=GB82%20WEST%201234%205698%207654%2032')).json().results as { id: string; matchedOn: string; score: number }[];
    expect(byIban[0]).toMatchObject({ id: await subjectOf(networkReport, 'to'), matchedOn: 'identifier', score: 1 });
    const byNarrative = (await call(analyst, 'GET', '/v1/search?q=layering')).json().results as { id: string; matchedOn: string }[];
    expect(byNarrative.find((result) => result.id === networkReport)?.matchedOn).toBe('narrative');
    expect((await call(admin, 'GET', '/v1/search?q=layering')).statusCode).toBe(403);
  });

  it('returns the expected network for the fixture, 1 and 2 hops out, and as GraphML', async () => {
    const accountA = (await node.dataSource.query("SELECT subject_id FROM subject_identifiers WHERE key = 'iban::' || $1", [ibanA]))[0].subject_id;
    const accountB = (await node.dataSource.query("SELECT subject_id FROM subject_identifiers WHERE key = 'iban::' || $1", [ibanB]))[0].subject_id;
    const oneHop = (await call(analyst, 'GET', `/v1/subjects/${gretaId}/network?hops=1`)).json();
    expect(oneHop.nodes.map((n: { id: string; depth: number }) => [n.id, n.depth]).sort()).toEqual([[accountA, 1], [gretaId, 0]].sort());
    expect(oneHop.edges).toEqual([expect.objectContaining({ source: gretaId, target: accountA, kind: 'signatory' })]);

    // Account A's holder (the company named on it) is one hop from A, as B is.
    const holderA = (await node.dataSource.query("SELECT subject_id FROM subject_relations WHERE related_subject_id = $1 AND relation = 'account_holder' LIMIT 1", [accountA]))[0].subject_id;
    const twoHops = (await call(analyst, 'GET', `/v1/subjects/${gretaId}/network?hops=2`)).json();
    expect(twoHops.nodes.map((n: { id: string; depth: number }) => [n.id, n.depth]).sort()).toEqual([[gretaId, 0], [accountA, 1], [holderA, 2], [accountB, 2]].sort());
    const edges = twoHops.edges.map((e: { source: string; target: string; kind: string; amount: string | null }) => [e.source, e.target, e.kind, e.amount]);
    expect(edges.sort()).toEqual([[gretaId, accountA, 'signatory', null], [holderA, accountA, 'account_holder', null], [accountA, accountB, 'transaction', '48000.00']].sort());

    const graphml = await call(analyst, 'GET', `/v1/subjects/${gretaId}/network?hops=2&format=graphml`);
    expect(graphml.headers['content-type']).toContain('application/graphml+xml');
    expect(graphml.body).toContain('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"');
    expect(graphml.body.match(/<node /g)).toHaveLength(4);
    expect(graphml.body.match(/<edge /g)).toHaveLength(3);

    const page = (await call(analyst, 'GET', `/v1/subjects/${accountA}`)).json();
    expect(page.identifiers).toContain(`iban::${ibanA}`);
    expect(page.transactions).toEqual([expect.objectContaining({ direction: 'out', counterpartyId: accountB, amount: '48000.00' })]);
    expect(page.reports.map((r: { id: string }) => r.id)).toContain(networkReport);
    expect((await call(analyst, 'GET', '/v1/subjects/00000000-0000-0000-0000-000000000000/network')).statusCode).toBe(404);
  });

  let caseId: string;

  it('opens a case from a report and a subject, with notes, attachments, a workflow and its history', async () => {
    const created = await call(analyst, 'POST', '/v1/cases', { title: 'Layering via Vandersloot Holding', reportIds: [networkReport], subjectIds: [gretaId] });
    expect(created.statusCode).toBe(201);
    caseId = created.json().id;
    expect(created.json().ref).toMatch(/-CASE-\d{4}-\d{6}$/);
    const triage = (await call(analyst, 'GET', '/v1/triage?status=linked_to_case&limit=200')).json().items as { reportId: string }[];
    expect(triage.map((item) => item.reportId)).toContain(networkReport);

    expect((await call(analyst, 'POST', `/v1/cases/${caseId}/notes`, { text: 'Brightwater Ltd was incorporated two weeks before the first payment.' })).statusCode).toBe(201);
    const file = Buffer.from('%PDF-1.4 statement');
    const attached = (await call(analyst, 'POST', `/v1/cases/${caseId}/attachments`, { fileName: 'statement.pdf', contentType: 'application/pdf', contentBase64: file.toString('base64') })).json();
    expect(attached.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    const download = await call(analyst, 'GET', `/v1/cases/${caseId}/attachments/${attached.id}`);
    expect(download.rawPayload.equals(file)).toBe(true);

    const skip = await call(analyst, 'POST', `/v1/cases/${caseId}/status`, { status: 'disseminated' });
    expect(skip.statusCode).toBe(409);
    expect((await call(analyst, 'POST', `/v1/cases/${caseId}/status`, { status: 'in_analysis' })).statusCode).toBe(200);
    expect((await call(analyst, 'POST', `/v1/cases/${caseId}/status`, { status: 'proposed_for_dissemination' })).statusCode).toBe(200);

    const found = (await call(analyst, 'GET', `/v1/cases/${caseId}`)).json();
    expect(found.reports.map((r: { id: string }) => r.id)).toEqual([networkReport]);
    expect(found.subjects.map((s: { id: string }) => s.id)).toEqual([gretaId]);
    expect(found.notes).toHaveLength(1);
    expect(found.history.map((h: { action: string }) => h.action)).toEqual(['created', 'reports_added', 'subjects_added', 'note_added', 'attachment_added', 'status_changed', 'status_changed']);
  });

  it('disseminates under four-eyes: the author cannot approve, an analyst cannot approve at all, and the issued package is frozen', async () => {
    expect((await call(analyst, 'POST', '/v1/authorities', { code: 'POLICE-FEC', name: 'Financial Economic Crime unit', kind: 'police' })).statusCode).toBe(403);
    expect((await call(admin, 'POST', '/v1/authorities', { code: 'POLICE-FEC', name: 'Financial Economic Crime unit', kind: 'police' })).statusCode).toBe(201);

    const drafted = await call(supervisor, 'POST', '/v1/disseminations', { authorityCode: 'POLICE-FEC', purpose: 'Criminal investigation into layering', caseId, reportIds: [networkReport], subjectIds: [gretaId] });
    expect(drafted.statusCode).toBe(201);
    const id = drafted.json().id as string;

    expect((await call(otherAnalyst, 'POST', `/v1/disseminations/${id}/approve`)).statusCode).toBe(403);
    const own = await call(supervisor, 'POST', `/v1/disseminations/${id}/approve`);
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('four_eyes');
    expect((await call(analyst, 'POST', `/v1/disseminations/${id}/issue`)).statusCode).toBe(409);
    expect((await call(otherSupervisor, 'POST', `/v1/disseminations/${id}/approve`)).json().status).toBe('approved');

    const issued = await call(analyst, 'POST', `/v1/disseminations/${id}/issue`);
    expect(issued.statusCode).toBe(200);
    const read = (await call(analyst, 'GET', `/v1/disseminations/${id}`)).json();
    expect(read.status).toBe('issued');
    expect(createHash('sha256').update(canonicalJson(read.issuedPackage)).digest('hex')).toBe(issued.json().packageSha256);
    expect(read.issuedPackage.reports[0].fiuRef).toBeDefined();
    expect(JSON.stringify(read.issuedPackage)).not.toContain(bank.code);
    expect((await call(analyst, 'GET', `/v1/cases/${caseId}`)).json().status).toBe('disseminated');

    expect((await call(analyst, 'POST', `/v1/disseminations/${id}/issue`)).statusCode).toBe(409);
    await expect(node.dataSource.query("UPDATE disseminations SET purpose = 'changed' WHERE id = $1", [id])).rejects.toThrow(/issued and is frozen/);
    const refused = await node.dataSource.query("SELECT count(*)::int AS count FROM audit_log WHERE action = 'dissemination.four_eyes_refused' AND object_id = $1", [id]);
    expect(refused[0].count).toBe(1);
  });

  it('opens a case from a subject and from a search, lists cases with filters, shows the board by status and the timeline of every change', async () => {
    const fromSubject = await call(analyst, 'POST', '/v1/cases', { seed: { source: 'subject' }, subjectIds: [gretaId] });
    expect(fromSubject.statusCode).toBe(201);
    const subjectCase = (await call(analyst, 'GET', `/v1/cases/${fromSubject.json().id}`)).json();
    expect(subjectCase).toMatchObject({ title: 'Greta Vandersloot', seed: { source: 'subject', query: null }, subjects: [expect.objectContaining({ id: gretaId })], status: 'open' });
    expect(subjectCase.allowedTransitions).toEqual(['in_analysis', 'closed']);

    // From a search: whatever it found (a subject by a misspelt name, a report by a word of its narrative) seeds the case.
    const byName = (await call(analyst, 'GET', `/v1/search?q=${encodeURIComponent('Greta Vandersloth')}`)).json().results as { type: string; id: string }[];
    const byWord = (await call(analyst, 'GET', '/v1/search?q=layering')).json().results as { type: string; id: string }[];
    const subjectIds = byName.filter((result) => result.type === 'subject').map((result) => result.id);
    const reportIds = byWord.filter((result) => result.type === 'report').map((result) => result.id);
    expect(subjectIds).toContain(gretaId);
    expect(reportIds).toContain(networkReport);
    const fromSearch = await call(analyst, 'POST', '/v1/cases', { seed: { source: 'search', query: 'Greta Vandersloth' }, subjectIds, reportIds });
    expect(fromSearch.statusCode).toBe(201);
    const searchCaseId = fromSearch.json().id as string;
    expect((await call(analyst, 'GET', `/v1/cases/${searchCaseId}`)).json()).toMatchObject({ title: 'Search: Greta Vandersloth', seed: { source: 'search', query: 'Greta Vandersloth' } });
    expect((await call(analyst, 'POST', '/v1/cases', { seed: { source: 'search' }, subjectIds })).json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/seed/query', code: 'isNotEmpty' })]));
    expect((await call(analyst, 'POST', '/v1/cases', { seed: { source: 'manual' } })).statusCode).toBe(400);

    const list = async (query: string) => (await call(analyst, 'GET', `/v1/cases?${query}`)).json() as { items: { id: string; reportCount: number; assigneeName: string }[]; total: number };
    const withGreta = await list(`subjectId=${gretaId}`);
    expect(withGreta.items.map((item) => item.id)).toEqual(expect.arrayContaining([caseId, fromSubject.json().id, searchCaseId]));
    expect((await list(`q=${encodeURIComponent('Search: Greta')}`)).items.map((item) => item.id)).toEqual([searchCaseId]);
    expect((await list('q=100%25')).items).toEqual([]);
    expect((await list(`reportId=${networkReport}&status=disseminated`)).items.map((item) => item.id)).toEqual([caseId]);
    const page = await list('limit=1');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.items[0]).toMatchObject({ assigneeName: expect.stringMatching(/^analyst\./) });
    expect((await call(analyst, 'GET', '/v1/cases?from=2026-02-30')).statusCode).toBe(400);

    const board = (await call(analyst, 'GET', '/v1/cases/board?perColumn=1')).json() as { columns: { status: string; total: number; hasMore: boolean; cards: { id: string; highestBand: string | null }[] }[] };
    expect(board.columns.map((column) => column.status)).toEqual(['open', 'in_analysis', 'proposed_for_dissemination', 'disseminated', 'closed']);
    const open = board.columns.find((column) => column.status === 'open')!;
    expect(open.total).toBeGreaterThanOrEqual(2);
    expect(open.cards).toHaveLength(1);
    expect(open.hasMore).toBe(true);
    expect(board.columns.find((column) => column.status === 'disseminated')!.cards.map((card) => card.id)).toEqual([caseId]);
    const next = (await call(analyst, 'GET', '/v1/cases/board?column=open&perColumn=1&offset=1')).json();
    expect(next.columns).toHaveLength(1);
    expect(next.columns[0].cards[0].id).not.toBe(open.cards[0].id);
    expect((await call(analyst, 'GET', `/v1/cases/board?assigneeId=${otherAnalystId}`)).json().columns.every((column: { total: number }) => column.total === 0)).toBe(true);

    const timeline = (await call(analyst, 'GET', `/v1/cases/${caseId}/timeline`)).json() as {
      total: number;
      items: { at: string; kind: string; actor: { name: string } | null; summary: string; items: { type: string; id: string; label: string | null }[] }[];
    };
    const kinds = new Set(timeline.items.map((entry) => entry.kind));
    for (const kind of ['case_created', 'reports_added', 'subjects_added', 'note_added', 'attachment_added', 'status_changed', 'dissemination_drafted', 'dissemination_approved', 'dissemination_issued', 'report_event']) {
      expect(kinds).toContain(kind);
    }
    expect(timeline.items.map((entry) => entry.at)).toEqual([...timeline.items.map((entry) => entry.at)].sort().reverse());
    const [{ fiu_ref: fiuRef }] = await node.dataSource.query('SELECT fiu_ref FROM reports WHERE id = $1', [networkReport]);
    expect(timeline.items.find((entry) => entry.kind === 'reports_added')!.items).toEqual([{ type: 'report', id: networkReport, label: fiuRef }]);
    expect(timeline.items.find((entry) => entry.kind === 'dissemination_approved')!.actor).not.toBeNull();
    expect(timeline.items.find((entry) => entry.kind === 'report_event')!.actor).toBeNull();
    expect(timeline.items.find((entry) => entry.kind === 'status_changed')!.summary).toMatch(/^Status /);
    const older = (await call(analyst, 'GET', `/v1/cases/${caseId}/timeline?limit=2&offset=2`)).json();
    expect(older.items.map((entry: { id: string }) => entry.id)).toEqual(timeline.items.slice(2, 4).map((entry) => (entry as unknown as { id: string }).id));
    expect(older.total).toBe(timeline.total);
    expect((await call(analyst, 'GET', '/v1/cases/00000000-0000-0000-0000-000000000000/timeline')).statusCode).toBe(404);
  });

  it('lets only the assignee or a supervisor close a case, and only a supervisor reopen it, each with a reason and audited', async () => {
    const opened = await call(analyst, 'POST', '/v1/cases', { title: 'Brightwater Ltd, side enquiry', subjectIds: [gretaId] });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id as string;
    expect((await call(analyst, 'GET', `/v1/cases/${id}`)).json()).toMatchObject({ createdBy: analystId, assigneeId: analystId });

    const notTheirs = await call(otherAnalyst, 'POST', `/v1/cases/${id}/status`, { status: 'closed', reason: 'Dead end' });
    expect(notTheirs.statusCode).toBe(403);
    expect(notTheirs.json().code).toBe('not_assignee');
    expect((await call(analyst, 'POST', `/v1/cases/${id}/status`, { status: 'closed' })).statusCode).toBe(400);
    expect((await call(analyst, 'POST', `/v1/cases/${id}/status`, { status: 'closed', reason: 'Dead end' })).json()).toEqual({ id, status: 'closed' });

    const reopenedByAnalyst = await call(analyst, 'POST', `/v1/cases/${id}/status`, { status: 'in_analysis', reason: 'New lead' });
    expect(reopenedByAnalyst.statusCode).toBe(403);
    expect(reopenedByAnalyst.json().code).toBe('supervisor_only');
    expect((await call(supervisor, 'POST', `/v1/cases/${id}/status`, { status: 'in_analysis', reason: 'New lead from GB' })).json()).toEqual({ id, status: 'in_analysis' });

    // A supervisor hands the case on: now the new assignee may close it and the old one may not.
    expect((await call(analyst, 'POST', `/v1/cases/${id}/assign`, { assigneeId: analystId })).statusCode).toBe(403);
    expect((await call(supervisor, 'POST', `/v1/cases/${id}/assign`, { assigneeId: otherAnalystId })).json()).toEqual({ id, assigneeId: otherAnalystId });
    expect((await call(analyst, 'POST', `/v1/cases/${id}/status`, { status: 'closed', reason: 'Done' })).statusCode).toBe(403);
    expect((await call(otherAnalyst, 'POST', `/v1/cases/${id}/status`, { status: 'closed', reason: 'Done' })).statusCode).toBe(200);
    expect((await call(supervisor, 'POST', `/v1/cases/${id}/status`, { status: 'in_analysis', reason: 'Reopened for the annual review' })).statusCode).toBe(200);

    expect((await audited('case.close', id)).map((entry) => [entry.actor_id, entry.detail.reason])).toEqual([
      [analystId, 'Dead end'],
      [otherAnalystId, 'Done'],
    ]);
    expect((await audited('case.reopen', id)).map((entry) => [entry.actor_id, entry.detail.reason])).toEqual([
      [supervisorId, 'New lead from GB'],
      [supervisorId, 'Reopened for the annual review'],
    ]);
    expect((await audited('case.assign', id)).map((entry) => entry.detail)).toEqual([{ from: analystId, to: otherAnalystId }]);
    const history = (await call(supervisor, 'GET', `/v1/cases/${id}`)).json().history as { action: string; actor: string }[];
    expect(history.map((entry) => entry.action)).toEqual(['created', 'subjects_added', 'status_changed', 'status_changed', 'assigned', 'status_changed', 'status_changed']);
  });

  it('refuses input that breaks the contract before any work, naming each problem by its path', async () => {
    const badId = await call(analyst, 'GET', '/v1/cases/not-a-case');
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ code: 'invalid_input', errors: [expect.objectContaining({ path: '/id', code: 'isUuid' })] });
    const extra = await call(analyst, 'POST', '/v1/cases', { title: 'x', owner: 'me' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([expect.objectContaining({ path: '/owner', code: 'whitelistValidation' })]);
    const ids = await call(analyst, 'POST', '/v1/cases', { title: 'x', reportIds: ['1', networkReport] });
    expect(ids.json().errors).toEqual([expect.objectContaining({ path: '/reportIds', code: 'isUuid' })]);
    expect((await call(analyst, 'POST', '/v1/cases', { title: '   ' })).json().errors).toEqual([expect.objectContaining({ path: '/title', code: 'isNotEmpty' })]);
    expect((await call(analyst, 'GET', '/v1/triage?limit=201')).json().errors).toEqual([expect.objectContaining({ path: '/limit', code: 'max' })]);
    expect((await call(analyst, 'GET', '/v1/triage?band=purple')).json().errors).toEqual([expect.objectContaining({ path: '/band', code: 'isIn' })]);
    expect((await call(analyst, 'GET', `/v1/subjects/${gretaId}/network?hops=9`)).statusCode).toBe(400);
    expect((await call(analyst, 'GET', '/v1/search')).json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/q' })]));
    const attachment = await call(analyst, 'POST', `/v1/cases/${caseId}/attachments`, { fileName: 'x.pdf', contentType: 'text/html\r\nX-Evil: 1', contentBase64: 'QUJD' });
    expect(attachment.json().errors).toEqual([expect.objectContaining({ path: '/contentType' })]);
  });

  it('writes every read of a report, subject and case to the audit log, with who, from where and the stated purpose', async () => {
    const purpose = { 'x-purpose': 'Case review NL-2026-17' };
    expect((await call(otherAnalyst, 'GET', `/v1/reports/${networkReport}`, undefined, purpose)).statusCode).toBe(200);
    expect((await call(otherAnalyst, 'GET', `/v1/subjects/${gretaId}`, undefined, purpose)).statusCode).toBe(200);
    expect((await call(otherAnalyst, 'GET', `/v1/cases/${caseId}`, undefined, purpose)).statusCode).toBe(200);
    const entries = (await node.dataSource.query(
      "SELECT action, object_id, actor_name, purpose, source_ip FROM audit_log WHERE action IN ('report.read', 'subject.read', 'case.read') AND purpose = $1 ORDER BY id",
      [purpose['x-purpose']],
    )) as { action: string; object_id: string; actor_name: string; purpose: string; source_ip: string }[];
    expect(entries.map((entry) => [entry.action, entry.object_id])).toEqual([
      ['report.read', networkReport],
      ['subject.read', gretaId],
      ['case.read', caseId],
    ]);
    expect(entries.every((entry) => entry.actor_name.startsWith('analyst.') && entry.source_ip)).toBe(true);
  });
});
