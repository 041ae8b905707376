import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { demoAnalystAndExchange } from './demo-console';

// The demo runs its own nodes on free ports with their own databases, so it never touches real data:
// FIU AE (the node most steps use) and FIU GB (its exchange partner); KP is registered but blocked.
const DEMO_DATABASES = !process.env.DATABASE_URL;
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/fiu_demo';
process.env.QUEUE_PREFIX ??= 'fiu-demo';
process.env.FIU_COUNTRY ??= 'AE';
process.env.FIU_NAME ??= 'FIU AE (demo)';
process.env.EXCHANGE_BACKOFF_MS ??= '200';
process.env.LOG_LEVEL ??= 'warn';
process.env.INTAKE_PORT ??= '0';
process.env.CONSOLE_PORT ??= '0';
process.env.EXCHANGE_PORT ??= '0';
process.env.OUTBOX_POLL_MS ??= '50';

interface Answer {
  id: string;
  fiuRef: string;
  status: string;
  version: number;
  code?: string;
  message?: string;
  info?: unknown;
  errors: { path: string; code: string; severity: string; message: string }[];
  trail: { at: string; status: string; detail: string | null }[];
}

const say = (text = '') => process.stdout.write(`${text}\n`);
const json = async (response: Response) => (await response.json()) as Answer;
const short = (answer: Answer) => `${answer.status} ${answer.fiuRef ?? ''} (version ${answer.version ?? '-'})`;

/** Starts another whole node in this process: the configuration is read at boot, so the variables are restored after. */
async function startOtherNode(variables: Record<string, string>) {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    const { startAll } = await import('../../main');
    return await startAll();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

async function main(): Promise<void> {
  const { generateKeyPairs } = await import('@fiu/exchange');
  if (DEMO_DATABASES) {
    // A clean start each time: partner keys and ports change from run to run.
    const admin = new Client({ connectionString: new URL('/postgres', process.env.DATABASE_URL).toString() });
    await admin.connect();
    for (const name of ['fiu_demo', 'fiu_demo_gb']) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  const keyFolder = mkdtempSync(join(tmpdir(), 'fiu-demo-keys-'));
  const keyFile = (country: string) => join(keyFolder, `${country}.json`);
  for (const country of ['AE', 'GB']) writeFileSync(keyFile(country), JSON.stringify({ keys: await generateKeyPairs(country) }), { mode: 0o600 });
  process.env.EXCHANGE_KEYS_FILE ??= keyFile('AE');
  // Imported after the variables above are set: the config is validated from them.
  const { startAll } = await import('../../main');
  const { exampleCustomer, exampleReport, exampleTransaction, GoamlFormat, ReportingEntitiesService } = await import('@fiu/reports');
  const { StaffService } = await import('@fiu/staff');
  const { AuditService } = await import('@fiu/audit');
  const { parseOfacFolder, parseUnList, ScreeningService } = await import('@fiu/analysis');
  const { DataSource } = await import('typeorm');
  const { JsonForm } = await import('../../../libs/reports/src/goaml/json/json-form');
  const { readXmlDocument } = await import('../../../libs/reports/src/goaml/xml/safe-xml-reader');
  const { writeXml } = await import('../../../libs/reports/src/goaml/xml/xml-writer');

  say('1. Starting FIU AE\'s node: intake, console, exchange and worker in one process (migrations first)');
  const node = await startAll();
  let gbNode: { stop(): Promise<void> } | undefined;
  const intakeUrl = (await node.intake.getUrl()).replace('[::1]', '127.0.0.1');
  say(`   intake   ${intakeUrl}  (OpenAPI: ${intakeUrl}/docs)`);
  say(`   console  ${await node.console.getUrl()}`);
  say(`   exchange ${await node.exchange.getUrl()}`);
  const entities = node.intake.get(ReportingEntitiesService);
  const goaml = node.intake.get(GoamlFormat);
  const jsonForm = new JsonForm(goaml.schema);
  try {
    const health = await fetch(`${intakeUrl}/health`);
    say(`   GET /health -> ${health.status} ${JSON.stringify((await json(health)).info)}`);

    const code = String(Date.now()).slice(-9);
    say(`\n2. Registering reporting entity ${code} (npm run cli -- entity:create --code ${code} --name "Demo Bank" --sector bank)`);
    const bank = await entities.register({ code, name: 'Demo Bank', sector: 'bank' });
    say(`   API key issued once: ${bank.apiKey.slice(0, 21)}... (only its SHA-256 is stored)`);
    const post = (body: string | Buffer, contentType: string, key = bank.apiKey, url = '/v1/reports') =>
      fetch(`${intakeUrl}${url}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': contentType }, body });
    const get = (url: string, key = bank.apiKey) => fetch(`${intakeUrl}${url}`, { headers: { authorization: `Bearer ${key}` } });

    const codeLists = (await (await get('/v1/code-lists')).json()) as { schema: string; lists: Record<string, unknown[]> };
    say(`   GET /v1/code-lists -> ${Object.keys(codeLists.lists).length} lists from the ${codeLists.schema} (e.g. ${codeLists.lists.report_type.length} report codes)`);

    say('\n3. Filing a goAML STR as JSON: POST /v1/reports (application/json)');
    const report = exampleReport(code, { entityReference: `STR-${code}-001` });
    const filed = await json(await post(JSON.stringify(report), 'application/json'));
    say(`   -> ${short(filed)}; ${filed.errors.length} finding(s)`);

    say('\n4. The worker analyses it (outbox -> relay -> BullMQ -> worker)');
    let current = filed;
    for (const deadline = Date.now() + 20_000; current.status !== 'analysed' && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = await json(await get(`/v1/reports/${filed.id}`));
    }
    if (current.status !== 'analysed') throw new Error(`Report not analysed in time (status ${current.status})`);
    for (const step of current.trail) say(`   ${step.at}  ${step.status.padEnd(24)} ${step.detail ?? ''}`);

    say('\n5. The same report written back out as goAML XML: GET /v1/reports/:id/xml');
    const xml = await (await get(`/v1/reports/${filed.id}/xml`)).text();
    say(xml.split('\n').slice(0, 12).map((line) => `   ${line}`).join('\n') + '\n   ...');

    say('\n6. A report with mistakes is rejected, kept, and every problem comes back at once');
    const broken = exampleReport(code, {
      entityReference: `STR-${code}-002`,
      currencyCodeLocal: 'EURO',
      transaction: [exampleTransaction({ amountLocal: '-9500.00', dateTransaction: '2099-01-01T10:00:00' })],
    });
    const rejected = await json(await post(JSON.stringify(broken), 'application/json'));
    say(`   -> ${short(rejected)}`);
    for (const error of rejected.errors) say(`      ${error.severity.padEnd(7)} ${error.code.padEnd(22)} ${error.path}  ${error.message}`);

    say('\n7. The correction names the rejected report in prevRejectedRefNumber');
    const corrected = await json(await post(JSON.stringify(exampleReport(code, { entityReference: `STR-${code}-002`, prevRejectedRefNumber: rejected.fiuRef })), 'application/json'));
    say(`   -> ${short(corrected)}; trail: ${corrected.trail.map((step) => step.status).join(' -> ')}`);

    say('\n8. The same goAML as XML, and the public goAML samples as XML and as JSON');
    const asXml = writeXml(jsonForm.toElementTree(exampleReport(code, { entityReference: `STR-${code}-003` })).root!);
    say(`   our STR as XML            -> ${short(await json(await post(asXml, 'application/xml')))}`);
    const samples = resolve(process.env.FIU_SHARED_DATA ?? join(__dirname, '../../../../shared/data'), 'goaml/samples');
    if (!existsSync(samples)) say(`   (the goAML samples are not here: set FIU_SHARED_DATA to ../shared/data to file them too)`);
    for (const file of existsSync(samples) ? readdirSync(samples).filter((name) => name.endsWith('.xml')) : []) {
      const document = readFileSync(join(samples, file));
      const rentityId = /<rentity_id>\s*(\d+)/.exec(document.toString('utf8'))![1];
      const key = await entities.register({ code: rentityId, name: `Sample filer ${rentityId}`, sector: 'precious_metals_dealer' }).then(
        (created) => created.apiKey,
        () => entities.issueApiKey(rentityId),
      );
      const viaXml = await json(await post(document, 'application/xml', key));
      const asJson = jsonForm.fromElementTree(await readXmlDocument(document)) as Record<string, unknown>;
      asJson.entityReference = `${String(asJson.entityReference)}-json`;
      const viaJson = await json(await post(JSON.stringify(asJson), 'application/json', key));
      say(`   ${file.padEnd(26)} XML -> ${short(viaXml)}; JSON -> ${short(viaJson)}`);
    }

    say('\n9. An analyst signs in to the console and sends a request for information; the bank answers with a goAML report');
    const consoleUrl = (await node.console.getUrl()).replace('[::1]', '127.0.0.1');
    const analyst = `analyst.${code}`;
    await node.console.get(StaffService).createUser(analyst, 'analyst', `demo passphrase ${code}`);
    say(`   npm run cli -- user:create --username ${analyst} --role analyst   (password from standard input)`);
    const session = (await (
      await fetch(`${consoleUrl}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: analyst, password: `demo passphrase ${code}` }) })
    ).json()) as { accessToken: string; expiresIn: number };
    say(`   POST /v1/auth/login (console) -> access token valid ${session.expiresIn} s`);
    const request = (await (
      await fetch(`${consoleUrl}/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ entityCode: code, reportFiuRef: filed.fiuRef, question: 'Please send the statements of account NL91ABNA0417164300 for November.' }),
      })
    ).json()) as { id: string; reference: string };
    say(`   POST /v1/requests (console) -> ${request.reference}`);
    say(`   GET /v1/requests -> ${(await (await get('/v1/requests')).json() as { reference: string; status: string }[]).map((r) => `${r.reference} (${r.status})`).join(', ')}`);
    const answer = await json(await post(JSON.stringify(exampleReport(code, { entityReference: `STR-${code}-004`, fiuRefNumber: request.reference })), 'application/json'));
    const after = (await (await get(`/v1/requests/${request.id}`)).json()) as { status: string };
    say(`   answer ${short(answer)} -> request ${request.reference} is ${after.status}`);

    say('\n10. An auditor reads the access log, and the hash chain is verified (npm run cli -- audit:verify)');
    const auditor = `auditor.${code}`;
    await node.console.get(StaffService).createUser(auditor, 'auditor', `demo passphrase ${code}`);
    const auditSession = (await (
      await fetch(`${consoleUrl}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: auditor, password: `demo passphrase ${code}` }) })
    ).json()) as { accessToken: string };
    const log = (await (await fetch(`${consoleUrl}/v1/audit?limit=4`, { headers: { authorization: `Bearer ${auditSession.accessToken}` } })).json()) as {
      id: string;
      at: string;
      actorName: string;
      action: string;
    }[];
    for (const entry of log) say(`   #${entry.id.padEnd(4)} ${entry.at}  ${String(entry.actorName).padEnd(22)} ${entry.action}`);
    const forbidden = await fetch(`${consoleUrl}/v1/audit`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    say(`   the analyst asking for the log   -> ${forbidden.status}`);
    const chain = await node.console.get(AuditService).verify();
    say(`   chain: ${chain.brokenAt ? `BROKEN at ${chain.brokenAt.id}` : `intact over ${chain.checked} entries`}`);

    say('\n11. Entity resolution: the same customer reported by another bank, one letter off and with another passport');
    const otherCode = String(Number(code) + 1).padStart(code.length, '0');
    const otherBank = await entities.register({ code: otherCode, name: 'Second Demo Bank', sector: 'bank' });
    const again = exampleCustomer({ lastName: 'Janssen', identification: [{ type: 'PASSP', number: 'XY9876543', issueDate: '2021-01-01', expiryDate: '2031-01-01', issueCountry: 'NL' }] });
    const second = await json(
      await post(
        JSON.stringify(
          exampleReport(otherCode, {
            entityReference: `STR-${otherCode}-005`,
            transaction: [exampleTransaction({ tFromMyClient: { fromFundsCode: 'CASH', fromPerson: again, fromCountry: 'NL' } })],
          }),
        ),
        'application/json',
        otherBank.apiKey,
      ),
    );
    const db = node.worker.get(DataSource);
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      if ((await db.query('SELECT status FROM reports WHERE id = $1', [second.id]))[0].status === 'analysed') break;
    }
    const links = (await db.query(
      `SELECT r.fiu_ref || ' (' || e.name || ')' AS fiu_ref, p.place, p.display_name, l.method, round(l.score::numeric, 1) AS score, l.subject_id
         FROM party_subject_links l JOIN report_parties p ON p.id = l.party_id JOIN reports r ON r.id = p.report_id
         JOIN reporting_entities e ON e.id = r.entity_id
        WHERE r.id IN ($1, $2) AND p.place IN ('from', 'to') ORDER BY p.place, r.fiu_ref`,
      [filed.id, second.id],
    )) as { fiu_ref: string; place: string; display_name: string; method: string; score: string | null; subject_id: string }[];
    for (const link of links) {
      say(`   ${link.fiu_ref.padEnd(36)} ${link.place.padEnd(4)} ${String(link.display_name).padEnd(16)} -> subject ${link.subject_id.slice(0, 8)} (${link.method}${link.score ? `, score ${link.score}` : ''})`);
    }

    say('\n12. Sanctions screening (npm run cli -- lists:import / screen; console POST /v1/screening/search)');
    const lists = resolve(process.env.FIU_SHARED_DATA ?? join(__dirname, '../../../../shared/data'), 'sanctions');
    const screening = node.console.get(ScreeningService);
    if (existsSync(lists)) {
      const un = await screening.importList('un', await parseUnList(readFileSync(join(lists, 'UN_consolidated.xml'))));
      const ofac = await screening.importList('ofac', parseOfacFolder(join(lists, 'ofac-2019')));
      say(`   loaded ${un.entries} UN and ${ofac.entries} OFAC entries`);
    } else {
      await screening.importList('un', [
        { source: 'un', sourceRef: 'DEMO.1', kind: 'person', name: 'Abdul Karim AL-HASHIMI', aliases: [], datesOfBirth: ['1968-02-11'], nationalities: ['IQ'], identifiers: [], programs: ['DEMO'] },
      ]);
      say('   (the public lists are not here: set FIU_SHARED_DATA to ../shared/data; a one-entry demo list is used)');
    }
    for (const name of ['Usama bin Ladin', 'Abdulkarim Al Hashimi', 'International Trading Corp', 'Jan Jansen']) {
      const hits = await screening.screen({ name });
      say(`   ${name.padEnd(28)} -> ${hits.length ? `${hits[0].score.toFixed(2)} ${hits[0].entry.name} (${hits[0].entry.source.toUpperCase()} ${hits[0].entry.sourceRef})` : 'no hit'}`);
    }

    gbNode = await demoAnalystAndExchange(node, code, post, consoleUrl, keyFile('GB'), startOtherNode);

    say('\nAnd what a filer sees when other things go wrong:');
    const replay = await post(JSON.stringify(report), 'application/json');
    say(`   the same document again          -> ${replay.status}, same id: ${(await json(replay)).id === filed.id}`);
    const conflict = await json(await post(JSON.stringify({ ...report, reason: 'edited' }), 'application/json'));
    say(`   same reference, other content    -> ${conflict.code}: ${conflict.message}`);
    const amended = await json(await post(JSON.stringify({ ...report, reason: 'edited' }), 'application/json', bank.apiKey, `/v1/reports/${filed.id}/versions`));
    say(`   ... filed as an amendment        -> ${short(amended)}`);
    const hostile = await json(await post('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><report>&x;</report>', 'application/xml'));
    say(`   XML with a DOCTYPE (XXE)         -> ${hostile.errors[0].code}`);
    const wrongKey = await post(JSON.stringify(report), 'application/json', `fiu_0000000000000000_${'A'.repeat(43)}`);
    say(`   a wrong API key                  -> ${wrongKey.status}`);
  } finally {
    await gbNode?.stop();
    await node.stop();
    // The demo's key files hold private keys: gone with the demo.
    rmSync(keyFolder, { recursive: true, force: true });
  }
  say('\nDemo finished.');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
