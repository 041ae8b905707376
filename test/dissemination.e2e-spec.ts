import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { canonicalJson, parseSignature, verifyReportSignature } from '@fiu/cases';
import { generateKeyPairs, KeyRing } from '@fiu/exchange';
import { aReport } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { signedIn, startConsole } from './support/console-node';
import { POLICY } from './support/fiu-node';
import { fileAnalysed } from './support/filing';
import { startTestNode, TestNode } from './support/test-node';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npm', ['run', '-s', 'cli', '--', ...args], { env: process.env, timeout: 60_000 });

jest.setTimeout(120_000);

/** Dissemination from a case: redaction per recipient kind, the third-party rule before submitting, four-eyes, and the signed PDF intelligence report. */
describe('dissemination: preview, third-party rule, four-eyes and the signed intelligence report', () => {
  let node: TestNode;
  let app: NestFastifyApplication;
  let bank: { apiKey: string; code: string };
  const tokens: Record<'analyst' | 'author' | 'approver' | 'admin', string> = { analyst: '', author: '', approver: '', admin: '' };
  const folder = mkdtempSync(join(tmpdir(), 'fiu-dissemination-'));
  const BANK_NAME = 'Zylofon Savings Bank';

  beforeAll(async () => {
    node = await startTestNode();
    app = await startConsole();
    bank = await aReportingEntity(node.worker, { name: BANK_NAME });
    tokens.analyst = (await signedIn(app, 'analyst')).accessToken;
    tokens.author = (await signedIn(app, 'supervisor')).accessToken;
    tokens.approver = (await signedIn(app, 'supervisor')).accessToken;
    tokens.admin = (await signedIn(app, 'admin')).accessToken;
    expect((await call('admin', 'POST', '/v1/authorities', { code: 'POLICE-FEC', name: 'Financial Economic Crime unit', kind: 'police' })).statusCode).toBe(201);
    expect((await call('admin', 'POST', '/v1/authorities', { code: 'TAX-INV', name: 'Tax investigation service', kind: 'tax' })).statusCode).toBe(201);
  });

  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await app?.close();
    await node?.close();
  });

  const call = async (who: keyof typeof tokens, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, payload });
  const file = (report: object) => fileAnalysed(node, bank.apiKey, report);
  /** A message as the exchange's inbox stores one received from a partner FIU. */
  const received = async (country: string) => {
    const [row] = await node.dataSource.query(
      `INSERT INTO exchange_messages (message_id, direction, country, type, thread_id, status, purpose, body, caveats, received_at)
       VALUES ($1, 'in', $2, 'response', $1, 'received', 'money laundering analysis', $3, $4, now()) RETURNING id, message_id`,
      [randomUUID(), country, { narrative: `FIU ${country}: the account belongs to Coral Bay Ltd` }, { originatingFiu: country, onwardUseNeedsConsent: true }],
    );
    return row as { id: string; message_id: string };
  };
  const grantConsent = async (country: string, messageId: string, authority: string) =>
    node.dataSource.query(
      `INSERT INTO exchange_messages (message_id, direction, country, type, thread_id, status, body, received_at)
       VALUES ($1, 'in', $2, 'consent_decision', $1, 'received', $3, now())`,
      [randomUUID(), country, { consentFor: messageId, recipient: { kind: 'domestic', authority }, decision: 'granted' }],
    );

  let reportId: string;
  let caseId: string;
  let disseminationId: string;
  let preview: { package: Record<string, unknown> & { issuedAt: string | null }; contentSha256: string };

  it('drafts from a case (its reports and subjects by default); the author, a supervisor, is offered no approve and the API refuses them', async () => {
    reportId = await file(aReport(bank.code, { reason: 'Cash deposits just below the threshold by a car dealer' }));
    const subjectIds = (await node.dataSource.query('SELECT DISTINCT l.subject_id FROM report_parties p JOIN party_subject_links l ON l.party_id = p.id WHERE p.report_id = $1', [reportId])).map(
      (row: { subject_id: string }) => row.subject_id,
    );
    caseId = (await call('analyst', 'POST', '/v1/cases', { title: 'Structuring by a car dealer', reportIds: [reportId], subjectIds })).json().id;

    const drafted = await call('author', 'POST', '/v1/disseminations', { authorityCode: 'POLICE-FEC', purpose: 'Criminal investigation into structuring', caseId });
    expect(drafted.statusCode).toBe(201);
    disseminationId = drafted.json().id;

    const asAuthor = (await call('author', 'GET', `/v1/disseminations/${disseminationId}`)).json();
    expect(asAuthor.items.filter((item: { itemType: string }) => item.itemType === 'report').map((item: { itemId: string }) => item.itemId)).toEqual([reportId]);
    expect(asAuthor.items.filter((item: { itemType: string }) => item.itemType === 'subject')).toHaveLength(subjectIds.length);
    expect(asAuthor.allowedActions).toEqual(['preview']);
    expect((await call('analyst', 'GET', `/v1/disseminations/${disseminationId}`)).json().allowedActions).toEqual(['preview']);
    expect((await call('approver', 'GET', `/v1/disseminations/${disseminationId}`)).json().allowedActions).toEqual(['preview', 'approve', 'reject']);

    const own = await call('author', 'POST', `/v1/disseminations/${disseminationId}/approve`);
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('four_eyes');
    expect((await call('analyst', 'POST', `/v1/disseminations/${disseminationId}/approve`)).statusCode).toBe(403);
  });

  it("previews the package redacted for its recipient kind: never the reporting entity's identity unless the FIU's rule allows it", async () => {
    const response = await call('approver', 'GET', `/v1/disseminations/${disseminationId}/preview`);
    expect(response.statusCode).toBe(200);
    preview = response.json();
    expect(preview).toMatchObject({ status: 'draft', frozen: false, thirdParty: { allowed: true, blockedCount: 0 } });
    expect(preview.package).toMatchObject({
      issuedAt: null,
      to: 'POLICE-FEC',
      recipient: { code: 'POLICE-FEC', kind: 'police' },
      redaction: { recipientKind: 'police', ruleVersion: 1, withheld: ['reporting_entity_identity'] },
      reports: [expect.objectContaining({ id: reportId, filer: null, reason: 'Cash deposits just below the threshold by a car dealer' })],
    });
    expect(JSON.stringify(preview.package)).not.toContain(BANK_NAME);
    expect(JSON.stringify(preview.package)).not.toContain(bank.code);
    expect(createHash('sha256').update(canonicalJson(preview.package)).digest('hex')).toBe(preview.contentSha256);

    // Tax may see the filer; it loses the narrative. Only an admin changes a rule, and each change is versioned and audited.
    expect((await call('approver', 'PUT', '/v1/dissemination-rules/tax', { allowed: ['reporting_entity_identity'] })).statusCode).toBe(403);
    const rule = await call('admin', 'PUT', '/v1/dissemination-rules/tax', { allowed: ['reporting_entity_identity', 'transactions', 'parties'] });
    expect(rule.json()).toMatchObject({ recipientKind: 'tax', version: 2, withheld: ['narrative', 'identifiers', 'screening_hits', 'analysis', 'partner_material'] });
    expect((await call('admin', 'PUT', '/v1/dissemination-rules/tax', { allowed: ['everything'] })).json().errors).toEqual([expect.objectContaining({ path: '/allowed', code: 'isIn' })]);
    const toTax = (await call('analyst', 'POST', '/v1/disseminations', { authorityCode: 'TAX-INV', purpose: 'Tax fraud enquiry', reportIds: [reportId] })).json().id;
    const taxPackage = (await call('analyst', 'GET', `/v1/disseminations/${toTax}/preview`)).json().package;
    expect(taxPackage.reports[0]).toMatchObject({ filer: { code: bank.code, name: BANK_NAME }, reason: null, score: null });
    expect(taxPackage.redaction).toMatchObject({ recipientKind: 'tax', ruleVersion: 2 });
    const audited = await node.dataSource.query("SELECT detail FROM audit_log WHERE action = 'dissemination.redaction_rule' AND object_id = 'tax'");
    expect(audited).toHaveLength(1);
  });

  it('approves exactly the previewed package, and issues it unchanged but for its time, frozen with its SHA-256', async () => {
    const stale = await call('approver', 'POST', `/v1/disseminations/${disseminationId}/approve`, { contentSha256: '0'.repeat(64) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('package_changed');
    const approved = await call('approver', 'POST', `/v1/disseminations/${disseminationId}/approve`, { contentSha256: preview.contentSha256 });
    expect(approved.json()).toMatchObject({ status: 'approved' });
    expect((await call('analyst', 'GET', `/v1/disseminations/${disseminationId}`)).json()).toMatchObject({ approvedSha256: preview.contentSha256, allowedActions: ['preview', 'issue'] });

    const issued = await call('analyst', 'POST', `/v1/disseminations/${disseminationId}/issue`);
    expect(issued.statusCode).toBe(200);
    const read = (await call('analyst', 'GET', `/v1/disseminations/${disseminationId}`)).json();
    expect(read).toMatchObject({ status: 'issued', allowedActions: ['preview', 'download'], document: { algorithm: 'Ed25519', pdfSha256: issued.json().pdfSha256, keyId: issued.json().signingKeyId } });
    expect({ ...read.issuedPackage, issuedAt: null }).toEqual(preview.package);
    expect(read.issuedPackage.issuedAt).toBe(issued.json().issuedAt);
    expect(createHash('sha256').update(canonicalJson(read.issuedPackage)).digest('hex')).toBe(read.packageSha256);
    const frozen = (await call('analyst', 'GET', `/v1/disseminations/${disseminationId}/preview`)).json();
    expect(frozen).toMatchObject({ frozen: true, contentSha256: preview.contentSha256, package: read.issuedPackage });
    expect((await call('analyst', 'GET', `/v1/cases/${caseId}`)).json().status).toBe('disseminated');
  });

  it('downloads a PDF intelligence report whose detached Ed25519 signature verifies, and fails after one flipped byte', async () => {
    const pdf = await call('analyst', 'GET', `/v1/disseminations/${disseminationId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const read = (await call('analyst', 'GET', `/v1/disseminations/${disseminationId}`)).json();
    // The reference and the package's SHA-256 are in the document information (the text itself is in embedded fonts).
    expect(bytes.toString('latin1')).toContain(`package-sha256:${read.packageSha256}`);
    expect(bytes.toString('latin1')).toContain(read.ref);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(read.document.pdfSha256);

    const sig = await call('analyst', 'GET', `/v1/disseminations/${disseminationId}/report.pdf.sig`);
    expect(sig.rawPayload).toHaveLength(64);
    expect(sig.headers['x-signing-key-id']).toBe(read.document.keyId);
    const keys = (await call('analyst', 'GET', '/v1/disseminations/signing-keys')).json() as { keyId: string; publicKeyPem: string; current: boolean }[];
    const signingKey = keys.find((key) => key.keyId === read.document.keyId)!;
    expect(signingKey.current).toBe(true);
    expect(verifyReportSignature(bytes, parseSignature(sig.rawPayload)!, keys).valid).toBe(true);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)] ^= 0x01;
    expect(verifyReportSignature(flipped, parseSignature(sig.rawPayload)!, keys).valid).toBe(false);
    const json = (await call('analyst', 'GET', `/v1/disseminations/${disseminationId}/signature`)).json();
    expect(json).toMatchObject({ algorithm: 'Ed25519', keyId: signingKey.keyId, pdfSha256: read.document.pdfSha256, packageSha256: read.packageSha256 });

    // As a recipient would, with the FIU's public key: the command line says valid, then refuses the changed copy.
    writeFileSync(join(folder, 'report.pdf'), bytes);
    writeFileSync(join(folder, 'flipped.pdf'), flipped);
    writeFileSync(join(folder, 'report.pdf.sig'), sig.rawPayload);
    writeFileSync(join(folder, 'fiu.pem'), signingKey.publicKeyPem);
    const { stdout } = await cli('dissemination:verify', '--pdf', join(folder, 'report.pdf'), '--sig', join(folder, 'report.pdf.sig'), '--key', join(folder, 'fiu.pem'));
    expect(stdout).toContain('Signature valid');
    await expect(cli('dissemination:verify', '--pdf', join(folder, 'flipped.pdf'), '--sig', join(folder, 'report.pdf.sig'), '--key', join(folder, 'fiu.pem'))).rejects.toMatchObject({
      code: 4,
      stderr: expect.stringContaining('Signature INVALID'),
    });

    // Signed once and frozen: neither the document nor the dissemination can change.
    await expect(node.dataSource.query('UPDATE dissemination_documents SET key_id = $2 WHERE dissemination_id = $1', [disseminationId, 'other'])).rejects.toThrow(/signed and cannot change/);
    expect((await call('analyst', 'GET', `/v1/disseminations/${(await draftOf())}/report.pdf`)).json().code).toBe('invalid_transition');
  });

  const draftOf = async () => (await call('analyst', 'POST', '/v1/disseminations', { authorityCode: 'POLICE-FEC', purpose: 'Follow-up', reportIds: [reportId] })).json().id as string;

  it('shows the third-party rule before submitting ("2 items need FIU GB\'s consent"), asks for it in one call, and lets the draft through once granted', async () => {
    const keys = await KeyRing.load({ keys: await generateKeyPairs('GB') });
    expect((await call('admin', 'POST', '/v1/exchange/partners', { country: 'GB', name: 'FIU GB', endpointUrl: 'http://127.0.0.1:9/', jwks: keys.publicJwks(), allowPrivateNetwork: true })).statusCode).toBe(201);
    const policy = { ...POLICY, purposes: [...POLICY.purposes, 'Criminal investigation into layering'] };
    expect((await call('admin', 'POST', '/v1/exchange/policies/GB', policy)).statusCode).toBe(201);
    const first = await received('GB');
    const second = await received('GB');
    const draft = { authorityCode: 'POLICE-FEC', purpose: 'Criminal investigation into layering', reportIds: [reportId], receivedMessageIds: [first.id, second.id] };

    const checked = await call('analyst', 'POST', '/v1/disseminations/check', draft);
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toMatchObject({
      authority: { code: 'POLICE-FEC', kind: 'police' },
      items: { reports: 1, subjects: 0, receivedMessages: 2 },
      thirdParty: { allowed: false, blockedCount: 2, summary: "2 items need FIU GB's consent", partners: [{ country: 'GB', label: 'FIU GB', blocked: 2 }] },
    });
    const refused = await call('analyst', 'POST', '/v1/disseminations', draft);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'consent_required', message: expect.stringContaining('FIU GB') });

    const asked = await call('analyst', 'POST', '/v1/disseminations/consent-requests', { authorityCode: draft.authorityCode, purpose: draft.purpose, receivedMessageIds: draft.receivedMessageIds });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().requested.map((item: { receivedMessageId: string }) => item.receivedMessageId).sort()).toEqual([first.id, second.id].sort());
    expect(asked.json().thirdParty.partners[0].items.map((item: { consent: string }) => item.consent)).toEqual(['requested', 'requested']);
    const requests = await node.dataSource.query("SELECT body FROM exchange_messages WHERE direction = 'out' AND type = 'consent_request' AND country = 'GB'");
    expect(requests.map((row: { body: { consentFor: string; recipient: object } }) => row.body).sort((a: { consentFor: string }, b: { consentFor: string }) => a.consentFor.localeCompare(b.consentFor))).toEqual(
      [first, second]
        .map((message) => message.message_id)
        .sort()
        .map((consentFor) => expect.objectContaining({ consentFor, recipient: { kind: 'domestic', authority: 'POLICE-FEC' }, purpose: draft.purpose })),
    );
    // Asked once: a second call sends nothing more.
    expect((await call('analyst', 'POST', '/v1/disseminations/consent-requests', { authorityCode: draft.authorityCode, purpose: draft.purpose, receivedMessageIds: draft.receivedMessageIds })).json().requested).toEqual([]);

    await grantConsent('GB', first.message_id, 'POLICE-FEC');
    expect((await call('analyst', 'POST', '/v1/disseminations/check', draft)).json().thirdParty).toMatchObject({ blockedCount: 1, summary: "1 item needs FIU GB's consent" });
    await grantConsent('GB', second.message_id, 'POLICE-FEC');
    expect((await call('analyst', 'POST', '/v1/disseminations/check', draft)).json().thirdParty).toMatchObject({ allowed: true, blockedCount: 0 });
    const drafted = await call('analyst', 'POST', '/v1/disseminations', draft);
    expect(drafted.statusCode).toBe(201);
    const withPartners = (await call('approver', 'GET', `/v1/disseminations/${drafted.json().id}/preview`)).json();
    expect(withPartners.package.fromPartners).toHaveLength(2);
    expect(withPartners.allowedActions).toContain('approve');
  });

  it('refuses malformed input before any work', async () => {
    expect((await call('analyst', 'GET', '/v1/disseminations/not-an-id/preview')).json().errors).toEqual([expect.objectContaining({ path: '/id', code: 'isUuid' })]);
    expect((await call('approver', 'POST', `/v1/disseminations/${disseminationId}/approve`, { contentSha256: 'abc' })).json().errors).toEqual([expect.objectContaining({ path: '/contentSha256' })]);
    expect((await call('analyst', 'POST', '/v1/disseminations/consent-requests', { authorityCode: 'POLICE-FEC', purpose: 'x', receivedMessageIds: [] })).json().errors).toEqual([
      expect.objectContaining({ path: '/receivedMessageIds', code: 'arrayNotEmpty' }),
    ]);
    expect((await call('admin', 'PUT', '/v1/dissemination-rules/martians', { allowed: [] })).json().errors).toEqual([expect.objectContaining({ path: '/recipientKind' })]);
  });
});
