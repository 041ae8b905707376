import type { INestApplication, INestApplicationContext } from '@nestjs/common';

/** What the demo's main part hands over: its node, the filer's code and a way to file. */
interface DemoNode {
  intake: INestApplication;
  console: INestApplication;
  exchange: INestApplication;
  worker: INestApplicationContext;
  stop(): Promise<void>;
}

type Post = (body: string, contentType: string) => Promise<Response>;

const say = (text = '') => process.stdout.write(`${text}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(check: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await pause(100)) {
    const value = await check();
    if (value !== undefined) return value;
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** A staff member of one node, signed in over HTTP. */
async function staffMember(node: DemoNode, role: string, username: string) {
  const { StaffService } = await import('@fiu/staff');
  const password = `demo passphrase for ${username}`;
  await node.console.get(StaffService).createUser(username, role, password);
  const base = (await node.console.getUrl()).replace('[::1]', '127.0.0.1');
  const { accessToken } = (await (
    await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  ).json()) as { accessToken: string };
  return async (method: 'GET' | 'POST', path: string, body?: object, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // GraphML and other text answers stay text.
    }
    return { status: response.status, body: parsed as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}

/** Steps 13-15: explained risk scores, the analyst console, and exchange with a second FIU node. */
export async function demoAnalystAndExchange(
  node: DemoNode,
  code: string,
  post: Post,
  _consoleUrl: string,
  gbKeyFile: string,
  startOtherNode: (variables: Record<string, string>) => Promise<DemoNode>,
): Promise<DemoNode> {
  const { exampleCustomer, exampleReport, exampleTransaction } = await import('@fiu/reports');
  const { ScreeningService } = await import('@fiu/analysis');
  const { DataSource } = await import('typeorm');
  const db = node.worker.get(DataSource);
  const analysed = (id: string) =>
    until(async () => ((await db.query('SELECT status FROM reports WHERE id = $1', [id]))[0]?.status === 'analysed' ? true : undefined), `report ${id} analysed`);
  const file = async (reference: string, overrides: Record<string, unknown>) => {
    const answer = (await (await post(JSON.stringify(exampleReport(code, { entityReference: `STR-${code}-${reference}`, ...overrides })), 'application/json')).json()) as { id: string; fiuRef: string };
    await analysed(answer.id);
    return answer;
  };

  say('\n13. Typologies and explained risk scores: cash just under the threshold across three reports, and a listed person');
  const depositor = exampleCustomer({ firstName: 'Pieter', lastName: 'de Smurf', birthdate: '1971-05-05', identification: [{ type: 'PASSP', number: 'PS4444444', issueCountry: 'NL' }] });
  const day = (n: number) => new Date(Date.now() - (3 - n) * 86_400_000).toISOString().slice(0, 10) + 'T11:00:00';
  const cash = (n: number, amount: string) =>
    file(`S${n}`, { transaction: [exampleTransaction({ dateTransaction: day(n), amountLocal: amount, tFromMyClient: { fromFundsCode: 'CASH', fromPerson: depositor, fromCountry: 'NL' } })] });
  const structured = [await cash(0, '9600.00'), await cash(1, '9400.00'), await cash(2, '9800.00')];
  const screening = node.worker.get(ScreeningService);
  const listed = (await screening.screen({ name: 'Usama bin Ladin' })).length > 0 ? { firstName: 'Usama', lastName: 'bin Ladin' } : { firstName: 'Abdulkarim', lastName: 'Al Hashimi' };
  const sanctioned = await file('LISTED', {
    transaction: [exampleTransaction({ tFromMyClient: { fromFundsCode: 'CASH', fromPerson: exampleCustomer({ ...listed, identification: [{ type: 'PASSP', number: 'LX1212121', issueCountry: 'NL' }] }), fromCountry: 'NL' } })],
  });
  for (const report of [...structured, sanctioned]) {
    const [result] = (await db.query('SELECT score, band, explanation FROM analysis_results WHERE report_id = $1', [report.id])) as {
      score: number;
      band: string;
      explanation: { rule: string; weight: number; points: number; summary: string }[];
    }[];
    say(`   ${report.fiuRef}  score ${String(result.score).padStart(3)} (${result.band})`);
    for (const entry of result.explanation) say(`      +${String(entry.points).padStart(2)}  ${entry.rule.padEnd(15)} weight ${String(entry.weight).padStart(2)}  ${entry.summary}`);
  }

  say('\n14. The analyst console: triage, search, the subject network, a case, and a dissemination under four-eyes');
  const analyst = await staffMember(node, 'analyst', `analyst2.${code}`);
  const supervisor = await staffMember(node, 'supervisor', `supervisor.${code}`);
  const admin = await staffMember(node, 'admin', `admin.${code}`);
  const triage = (await analyst('GET', '/v1/triage?limit=5')).body as { items: { reportId: string; fiuRef: string; score: number; band: string; status: string }[]; total: number };
  say(`   GET /v1/triage?limit=5 -> ${triage.total} analysed reports, highest score first:`);
  for (const item of triage.items) say(`      ${item.fiuRef}  ${String(item.score).padStart(3)} ${item.band.padEnd(6)} ${item.status}`);
  const top = triage.items[0];
  say(`   POST /v1/triage/:id/claim -> ${(await analyst('POST', `/v1/triage/${top.reportId}/claim`)).body.status}`);
  const search = (await analyst('GET', `/v1/search?q=${encodeURIComponent('Pieter de Smurff')}`)).body as { results: { type: string; label: string; matchedOn: string; score: number }[] };
  say(`   GET /v1/search?q=Pieter de Smurff -> ${search.results.slice(0, 2).map((r) => `${r.type} "${r.label}" (${r.matchedOn} ${r.score})`).join(', ')}`);
  const byIban = (await analyst('GET', '/v1/search?q=NL91%20ABNA%200417%201643%2000')).body as { results: { label: string; matchedOn: string }[] };
  say(`   GET /v1/search?q=NL91 ABNA 0417 1643 00 -> ${byIban.results.map((r) => `"${r.label}" (${r.matchedOn})`).join(', ')}`);
  const [{ subject_id: depositorId }] = (await db.query(
    "SELECT l.subject_id FROM report_parties p JOIN party_subject_links l ON l.party_id = p.id WHERE p.report_id = $1 AND p.place = 'from' AND p.parent_party_id IS NULL",
    [structured[0].id],
  )) as { subject_id: string }[];
  const network = (await analyst('GET', `/v1/subjects/${depositorId}/network?hops=2`, undefined, { 'x-purpose': 'demo: structuring review' })).body as { nodes: unknown[]; edges: unknown[] };
  const graphml = (await analyst('GET', `/v1/subjects/${depositorId}/network?hops=2&format=graphml`)).body as unknown as string;
  say(`   GET /v1/subjects/:id/network?hops=2 -> ${network.nodes.length} nodes, ${network.edges.length} edges; as GraphML ${graphml.length} bytes`);
  const opened = (await analyst('POST', '/v1/cases', { title: 'Cash structuring by P. de Smurf', reportIds: structured.map((r) => r.id), subjectIds: [depositorId] })).body;
  await analyst('POST', `/v1/cases/${opened.id}/notes`, { text: 'Three deposits of 9,400-9,800 on consecutive days.' });
  await analyst('POST', `/v1/cases/${opened.id}/status`, { status: 'in_analysis' });
  await analyst('POST', `/v1/cases/${opened.id}/status`, { status: 'proposed_for_dissemination' });
  say(`   POST /v1/cases -> ${opened.ref}; a note; status open -> in_analysis -> proposed_for_dissemination`);
  await admin('POST', '/v1/authorities', { code: 'POLICE-FEC', name: 'Financial Economic Crime unit', kind: 'police' });
  const draft = (await analyst('POST', '/v1/disseminations', { authorityCode: 'POLICE-FEC', purpose: 'Criminal investigation into cash structuring', caseId: opened.id, reportIds: structured.map((r) => r.id), subjectIds: [depositorId] })).body;
  say(`   POST /v1/disseminations (analyst) -> ${draft.ref} ${draft.status}`);
  say(`   the author's analyst colleague approving  -> ${(await analyst('POST', `/v1/disseminations/${draft.id}/approve`)).status} (supervisors only)`);
  say(`   a supervisor approving                    -> ${(await supervisor('POST', `/v1/disseminations/${draft.id}/approve`)).body.status}`);
  const issued = (await analyst('POST', `/v1/disseminations/${draft.id}/issue`)).body;
  say(`   POST /v1/disseminations/:id/issue -> ${issued.status}, frozen with SHA-256 ${String(issued.packageSha256).slice(0, 16)}...; the case is now ${(await analyst('GET', `/v1/cases/${opened.id}`)).body.status}`);

  say('\n15. Exchange with a partner FIU: a second node (FIU GB) on its own database, queue prefix, ports and keys');
  const gb = await startOtherNode({
    DATABASE_URL: new URL('/fiu_demo_gb', process.env.DATABASE_URL).toString(),
    QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'fiu-demo'}-gb`,
    FIU_COUNTRY: 'GB',
    FIU_NAME: 'FIU GB (demo)',
    EXCHANGE_KEYS_FILE: gbKeyFile,
  });
  const urlOf = async (app: INestApplication) => (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const aeExchange = await urlOf(node.exchange);
  const gbExchange = await urlOf(gb.exchange);
  say(`   FIU AE exchange ${aeExchange}   FIU GB exchange ${gbExchange}`);
  const jwks = (await (await fetch(`${gbExchange}/.well-known/jwks.json`)).json()) as { keys: { kid: string; use: string }[] };
  say(`   GET ${gbExchange}/.well-known/jwks.json -> ${jwks.keys.map((key) => `${key.kid} (${key.use})`).join(', ')}`);
  const gbAdmin = await staffMember(gb, 'admin', `admin.gb.${code}`);
  const gbAnalyst = await staffMember(gb, 'analyst', `analyst.gb.${code}`);
  const gbSupervisor = await staffMember(gb, 'supervisor', `supervisor.gb.${code}`);
  const supervisor2 = await staffMember(node, 'supervisor', `supervisor2.${code}`);
  const policy = {
    exchangeAllowed: true,
    messageTypes: ['request', 'response', 'spontaneous_disclosure', 'consent_request', 'consent_decision', 'feedback', 'acknowledgement'],
    dataCategories: ['subject_identities', 'identifiers', 'accounts', 'narrative'],
    purposes: ['money laundering analysis'],
    responseDeadlineDays: 7,
    redaction: 'standard',
  };
  const { generateKeyPairs, KeyRing, KeysService } = await import('@fiu/exchange');
  // Each node logs its key set thumbprint at start; the other side's admin confirms it (here, read from the node itself).
  const gbThumbprint = (await gb.exchange.get(KeysService).fingerprints()).thumbprint;
  const aeThumbprint = (await node.exchange.get(KeysService).fingerprints()).thumbprint;
  // Both demo nodes listen on loopback, so each partner is explicitly allowed on private networks.
  await admin('POST', '/v1/exchange/partners', { country: 'GB', name: 'FIU GB', endpointUrl: gbExchange, jwksUrl: `${gbExchange}/.well-known/jwks.json`, egmontMember: true, allowPrivateNetwork: true });
  const confirmed = await admin('POST', '/v1/exchange/partners/GB/keys/confirm', { thumbprint: gbThumbprint });
  await admin('POST', '/v1/exchange/policies/GB', policy);
  await gbAdmin('POST', '/v1/exchange/partners', { country: 'AE', name: 'FIU AE', endpointUrl: aeExchange, jwksUrl: `${aeExchange}/.well-known/jwks.json`, jwksThumbprint: aeThumbprint, egmontMember: true, allowPrivateNetwork: true });
  await gbAdmin('POST', '/v1/exchange/policies/AE', policy);
  await admin('POST', '/v1/exchange/partners', { country: 'KP', name: 'FIU KP', endpointUrl: 'http://127.0.0.1:9', jwks: (await KeyRing.load({ keys: await generateKeyPairs('KP') })).publicJwks(), allowPrivateNetwork: true });
  await admin('POST', '/v1/exchange/policies/KP', { ...policy, exchangeAllowed: false });
  say(`   partners registered both ways; keys fetched from each JWKS URL are trusted once their thumbprint is confirmed (GB's: ${String(confirmed.body.keysThumbprint).slice(0, 12)}...); policies: GB and AE allow, KP blocked`);

  const explained = (await analyst('POST', '/v1/policy/explain', { country: 'GB', type: 'request', purpose: 'money laundering analysis', reportIds: [structured[0].id], subjectIds: [depositorId] })).body;
  say(`   POST /v1/policy/explain (GB, request) -> would send ${explained.send.join(', ')}`);
  for (const removed of explained.removed as { category: string; reason: string }[]) say(`      removes ${removed.category}: ${removed.reason}`);

  const request = (await analyst('POST', '/v1/exchange/messages', {
    country: 'GB',
    type: 'request',
    purpose: 'money laundering analysis',
    facts: 'Cash deposits of EUR 28,800 just under the threshold in three days.',
    background: 'Three STRs by Demo Bank; the depositor holds a UK account.',
    linkToCountry: 'The depositor, a Dutch national, lives in London.',
    intendedUse: 'Intelligence for our analysis of possible structuring.',
    urgency: 'normal',
    subjectIds: [depositorId],
  })).body;
  const sent = (await supervisor2('POST', `/v1/exchange/messages/${request.id}/approve`)).body;
  say(`   AE analyst composes a request; an AE supervisor approves (four-eyes) -> ${sent.status}, sends ${sent.decision.send.join(', ')}`);
  const gbDb = gb.worker.get(DataSource);
  const received = await until(async () => ((await gbDb.query("SELECT id, body, cross_check FROM exchange_messages WHERE direction = 'in' AND type = 'request'")) as { id: string; body: Record<string, unknown>; cross_check: unknown }[])[0], 'the request at GB');
  say(`   GB received it (signed EdDSA, encrypted ECDH-ES+A256KW/A256GCM, verified against AE's registered keys); the package: ${JSON.stringify((received.body.package as { subjects: unknown[] }).subjects)}`);
  const answer = (await gbAnalyst('POST', '/v1/exchange/messages', { type: 'response', inReplyTo: received.id, outcome: 'full', purpose: 'money laundering analysis', narrative: 'The person holds GB82WEST12345698765432 since 2019; GBP 31,000 left for Cyprus in October.' })).body;
  await gbSupervisor('POST', `/v1/exchange/messages/${answer.id}/approve`);
  const response = await until(async () => ((await db.query("SELECT id FROM exchange_messages WHERE direction = 'in' AND type = 'response'")) as { id: string }[])[0], 'the answer at AE');
  say('   GB\'s analyst answers, a GB supervisor approves; AE receives the response in the same thread');

  const withAnswer = { authorityCode: 'POLICE-FEC', purpose: 'Criminal investigation into cash structuring', receivedMessageIds: [response.id] };
  const refused = await analyst('POST', '/v1/disseminations', withAnswer);
  say(`   AE disseminating GB's answer to its police -> ${refused.status} ${refused.body.code}: ${refused.body.message}`);
  await analyst('POST', `/v1/exchange/messages/${response.id}/consent-request`, { recipient: { kind: 'domestic', authority: 'POLICE-FEC' }, purpose: 'Criminal investigation into cash structuring' });
  const consentRequest = await until(async () => ((await gbDb.query("SELECT id FROM exchange_messages WHERE direction = 'in' AND type = 'consent_request'")) as { id: string }[])[0], 'the consent request at GB');
  await gbSupervisor('POST', `/v1/exchange/messages/${consentRequest.id}/consent-decision`, { decision: 'granted' });
  await until(async () => ((await db.query("SELECT id FROM exchange_messages WHERE direction = 'in' AND type = 'consent_decision'")) as unknown[])[0], 'the consent at AE');
  const allowed = await analyst('POST', '/v1/disseminations', withAnswer);
  say(`   AE asks GB for consent (one step); GB grants it; the dissemination now -> ${allowed.status} ${allowed.body.ref}`);

  const disclosure = (await analyst('POST', '/v1/exchange/messages', { country: 'KP', type: 'spontaneous_disclosure', purpose: 'money laundering analysis', narrative: 'Funds moved through KP.' })).body;
  const blocked = await supervisor2('POST', `/v1/exchange/messages/${disclosure.id}/approve`);
  say(`   a spontaneous disclosure to KP -> ${blocked.status} ${blocked.body.code}: ${blocked.body.message}`);
  const logged = (await db.query("SELECT action FROM audit_log WHERE object_id IN ($1, 'KP') ORDER BY id", [disclosure.id])) as { action: string }[];
  say(`   it never left AE; the audit log holds: ${logged.map((entry) => entry.action).join(', ')}`);
  const statistics = (await analyst('GET', '/v1/exchange/statistics')).body as { direction: string; country: string; answered: number; averageHoursToAnswer: number }[];
  for (const row of statistics) say(`   GET /v1/exchange/statistics -> ${row.direction === 'out' ? 'our requests to' : 'requests from'} ${row.country}: ${row.answered} answered, ${row.averageHoursToAnswer} h on average`);
  return gb;
}
