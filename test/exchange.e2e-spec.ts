import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cliActor } from '@fiu/core';
import { DeliverUseCase, generateKeyPairs, KeyFile, KeyRing, KeysService, newMessageId, recipientKey, RemindUseCase, seal } from '@fiu/exchange';
import { signedIn } from './support/console-node';
import { aReport } from './factories/report.factory';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { eventually } from './support/test-node';
import { keysThumbprint, NodeSettings, partnerRegistration, POLICY, prepareNode, removeQueues, RunningNode, startNode } from './support/fiu-node';

jest.setTimeout(120_000);

/** Two FIU nodes (AE and GB) on loopback, each with its own database, queue prefix, ports and keys; KP is registered at AE but blocked. */
describe('exchange between two live FIU nodes', () => {
  let aeSettings: NodeSettings;
  let gbSettings: NodeSettings;
  let ae: RunningNode;
  let gb: RunningNode;
  const tokens: Record<string, string> = {};

  const staff = async (node: RunningNode, name: string, role: 'analyst' | 'supervisor' | 'admin') => {
    tokens[name] = (await signedIn(node.console as NestFastifyApplication, role, `${name.toLowerCase()}.${Math.random().toString(36).slice(2, 7)}`)).accessToken;
  };
  const call = async (node: RunningNode, who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    (node.console as NestFastifyApplication).inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, payload });
  const db = (node: RunningNode) => node.worker.get(DataSource);
  const exchangeUrl = (settings: NodeSettings) => `http://127.0.0.1:${settings.exchangePort}`;
  const receivedAt = (node: RunningNode, type: string, count = 1) =>
    eventually(async () => {
      const rows = (await db(node).query("SELECT id, message_id, body, caveats FROM exchange_messages WHERE direction = 'in' AND type = $1 ORDER BY received_at", [type])) as {
        id: string;
        message_id: string;
        body: Record<string, unknown>;
        caveats: Record<string, unknown>;
      }[];
      return rows.length >= count ? rows[count - 1] : undefined;
    }, 30_000, `a ${type} to arrive`);

  beforeAll(async () => {
    aeSettings = await prepareNode('AE');
    gbSettings = await prepareNode('GB');
    ae = await startNode(aeSettings);
    gb = await startNode(gbSettings);
    await staff(ae, 'aeAdmin', 'admin');
    await staff(ae, 'aeAnalyst', 'analyst');
    await staff(ae, 'aeSupervisor', 'supervisor');
    await staff(gb, 'gbAdmin', 'admin');
    await staff(gb, 'gbAnalyst', 'analyst');
    await staff(gb, 'gbSupervisor', 'supervisor');
    // GB registers AE from AE's JWKS URL with the thumbprint AE announced: trusted at once.
    const aeAtGb = await call(gb, 'gbAdmin', 'POST', '/v1/exchange/partners', await partnerRegistration(aeSettings));
    expect(aeAtGb.statusCode).toBe(201);
    expect(aeAtGb.json()).toMatchObject({ keyIds: aeSettings.keyFile.keys.map((key) => key.kid), keysThumbprint: await keysThumbprint(aeSettings), pendingKeys: null, allowPrivateNetwork: true });
    // AE registers GB from its JWKS URL without one: nothing is trusted until an admin confirms the thumbprint.
    const { jwksThumbprint: gbThumbprint, ...unconfirmed } = await partnerRegistration(gbSettings);
    const gbAtAe = await call(ae, 'aeAdmin', 'POST', '/v1/exchange/partners', unconfirmed);
    expect(gbAtAe.statusCode).toBe(201);
    expect(gbAtAe.json()).toMatchObject({ keyIds: [], keysThumbprint: null, pendingKeys: { thumbprint: gbThumbprint } });
    const wrong = await call(ae, 'aeAdmin', 'POST', '/v1/exchange/partners/GB/keys/confirm', { thumbprint: await keysThumbprint({ keyFile: { keys: await generateKeyPairs('GB') } }) });
    expect([wrong.statusCode, wrong.json().code]).toEqual([409, 'thumbprint_mismatch']);
    const confirmed = await call(ae, 'aeAdmin', 'POST', '/v1/exchange/partners/GB/keys/confirm', { thumbprint: gbThumbprint });
    expect(confirmed.json()).toMatchObject({ keyIds: gbSettings.keyFile.keys.map((key) => key.kid), keysThumbprint: gbThumbprint, pendingKeys: null });
    for (const [node, admin, other] of [[ae, 'aeAdmin', gbSettings], [gb, 'gbAdmin', aeSettings]] as const) {
      expect((await call(node, admin, 'POST', `/v1/exchange/policies/${other.country}`, POLICY)).statusCode).toBe(201);
    }
    const kpKeys = await KeyRing.load({ keys: await generateKeyPairs('KP') });
    const kp = { country: 'KP', name: 'FIU KP', endpointUrl: 'http://127.0.0.1:9/', jwks: kpKeys.publicJwks() };
    // A loopback endpoint is refused unless the partner is explicitly allowed on private networks.
    const onLoopback = await call(ae, 'aeAdmin', 'POST', '/v1/exchange/partners', kp);
    expect([onLoopback.statusCode, onLoopback.json().message]).toEqual([400, expect.stringContaining('loopback or private')]);
    expect((await call(ae, 'aeAdmin', 'POST', '/v1/exchange/partners', { ...kp, allowPrivateNetwork: true })).statusCode).toBe(201);
    expect((await call(ae, 'aeAdmin', 'POST', '/v1/exchange/policies/KP', { ...POLICY, exchangeAllowed: false })).statusCode).toBe(201);
    expect((await call(ae, 'aeAdmin', 'POST', '/v1/authorities', { code: 'POLICE-AE', name: 'Financial crime police', kind: 'police' })).statusCode).toBe(201);
  });

  afterAll(async () => {
    await ae?.stop();
    await gb?.stop();
    for (const settings of [aeSettings, gbSettings]) if (settings) await removeQueues(settings);
  });

  let requestAtGb: string;
  let answerAtAe: { id: string; message_id: string };

  /** Files the example report (Jan Jansen's cash deposits onto NL91ABNA0417164300) at a node and returns Jan's subject there. */
  const fileExample = async (node: RunningNode) => {
    const bank = await aReportingEntity(node.worker);
    const response = await (node.intake as NestFastifyApplication).inject({
      method: 'POST',
      url: '/v1/reports',
      headers: { authorization: `Bearer ${bank.apiKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify(aReport(bank.code)),
    });
    const id = response.json().id as string;
    await eventually(async () => ((await db(node).query('SELECT status FROM reports WHERE id = $1', [id]))[0].status === 'analysed' ? true : undefined));
    return (await db(node).query("SELECT l.subject_id FROM report_parties p JOIN party_subject_links l ON l.party_id = p.id WHERE p.report_id = $1 AND p.kind = 'person' AND p.place = 'from' LIMIT 1", [id]))[0].subject_id as string;
  };

  it('1. A sends a request to B: refused by our own validation without its facts, delivered once approved under four-eyes, and cross-checked at B', async () => {
    const janAtAe = await fileExample(ae);
    await fileExample(gb);
    const incomplete = await call(ae, 'aeAnalyst', 'POST', '/v1/exchange/messages', { country: 'GB', type: 'request', purpose: 'money laundering analysis', facts: 'Transfers' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().message).toContain('background');
    const draft = await call(ae, 'aeAnalyst', 'POST', '/v1/exchange/messages', {
      country: 'GB',
      type: 'request',
      purpose: 'money laundering analysis',
      facts: 'EUR 480,000 moved through three accounts of Brightwater Ltd in nine days.',
      background: 'Two STRs from AE banks; the funds left for a London account.',
      linkToCountry: 'The receiving account GB82WEST12345698765432 is held in the United Kingdom.',
      intendedUse: 'Intelligence for the analysis of a possible layering scheme.',
      urgency: 'urgent',
      narrative: 'We ask for the holder and the movements of the account since January.',
      subjectIds: [janAtAe],
    });
    expect(draft.statusCode).toBe(201);
    expect(draft.json().status).toBe('draft');
    expect((await call(ae, 'aeAnalyst', 'POST', `/v1/exchange/messages/${draft.json().id}/approve`)).statusCode).toBe(403);
    const approved = await call(ae, 'aeSupervisor', 'POST', `/v1/exchange/messages/${draft.json().id}/approve`);
    expect(approved.json()).toMatchObject({ status: 'queued', decision: { allowed: true, send: ['narrative', 'subject_identities', 'identifiers'] } });
    const arrived = await receivedAt(gb, 'request');
    requestAtGb = arrived.id;
    expect(arrived.body).toMatchObject({ urgency: 'urgent', linkToCountry: expect.stringContaining('United Kingdom') });
    expect(arrived.caveats).toMatchObject({ originatingFiu: 'AE', onwardUseNeedsConsent: true });
    // Built by the policy with the standard redaction: the year of birth only.
    expect((arrived.body.package as { subjects: { name: string; birthdate: string }[] }).subjects).toEqual([expect.objectContaining({ name: 'Jan Jansen', birthdate: '1980' })]);
    // Fed to analysis at B: the name is checked against B's subjects and lists.
    const crossCheck = await eventually(async () => (await db(gb).query('SELECT cross_check FROM exchange_messages WHERE id = $1', [arrived.id]))[0].cross_check ?? undefined);
    expect(crossCheck.names[0]).toMatchObject({ name: 'Jan Jansen', knownSubjects: [expect.objectContaining({ display_name: 'Jan Jansen' })] });
    await eventually(async () => ((await db(ae).query('SELECT status FROM exchange_messages WHERE id = $1', [draft.json().id]))[0].status === 'sent' ? true : undefined));
  });

  it("2. B's analyst answers, a B supervisor approves, and the answer reaches A in the same thread", async () => {
    const answer = await call(gb, 'gbAnalyst', 'POST', '/v1/exchange/messages', {
      type: 'response',
      inReplyTo: requestAtGb,
      outcome: 'full',
      purpose: 'money laundering analysis',
      narrative: 'The account is held by Coral Bay Ltd, director Greta Vandersloot; EUR 470,000 left for Cyprus within two days.',
    });
    expect(answer.statusCode).toBe(201);
    expect((await call(gb, 'gbSupervisor', 'POST', `/v1/exchange/messages/${answer.json().id}/approve`)).json().status).toBe('queued');
    answerAtAe = await receivedAt(ae, 'response');
    const [request] = await db(ae).query("SELECT message_id, thread_id FROM exchange_messages WHERE direction = 'out' AND type = 'request'");
    const [response] = await db(ae).query('SELECT in_reply_to, thread_id FROM exchange_messages WHERE id = $1', [answerAtAe.id]);
    expect(response).toEqual({ in_reply_to: request.message_id, thread_id: request.thread_id });
    const statistics = (await call(ae, 'aeAnalyst', 'GET', '/v1/exchange/statistics')).json();
    expect(statistics).toEqual([expect.objectContaining({ direction: 'out', country: 'GB', answered: 1 })]);
  });

  it("3-5. A's dissemination of B's answer is refused until A asks B for consent and B grants it", async () => {
    const draft = { authorityCode: 'POLICE-AE', purpose: 'Criminal investigation into layering', receivedMessageIds: [answerAtAe.id] };
    const before = await call(ae, 'aeAnalyst', 'POST', '/v1/disseminations', draft);
    expect(before.statusCode).toBe(403);
    expect(before.json()).toMatchObject({ code: 'consent_required', message: expect.stringContaining('FIU GB') });

    const asked = await call(ae, 'aeAnalyst', 'POST', `/v1/exchange/messages/${answerAtAe.id}/consent-request`, {
      recipient: { kind: 'domestic', authority: 'POLICE-AE' },
      purpose: 'Criminal investigation into layering',
    });
    expect(asked.json()).toMatchObject({ status: 'queued' });
    const consentRequest = await receivedAt(gb, 'consent_request');
    expect(consentRequest.body).toMatchObject({ consentFor: answerAtAe.message_id, recipient: { kind: 'domestic', authority: 'POLICE-AE' } });
    expect((await call(gb, 'gbSupervisor', 'POST', `/v1/exchange/messages/${consentRequest.id}/consent-decision`, { decision: 'refused' })).statusCode).toBe(400);
    expect((await call(gb, 'gbSupervisor', 'POST', `/v1/exchange/messages/${consentRequest.id}/consent-decision`, { decision: 'granted' })).json().status).toBe('queued');
    await receivedAt(ae, 'consent_decision');

    const after = await call(ae, 'aeAnalyst', 'POST', '/v1/disseminations', draft);
    expect(after.statusCode).toBe(201);
  });

  it("6. A's spontaneous disclosure to the blocked country never leaves A, and the attempt is logged", async () => {
    const draft = await call(ae, 'aeAnalyst', 'POST', '/v1/exchange/messages', { country: 'KP', type: 'spontaneous_disclosure', purpose: 'money laundering analysis', narrative: 'Funds moved through KP.' });
    const refused = await call(ae, 'aeSupervisor', 'POST', `/v1/exchange/messages/${draft.json().id}/approve`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'policy_denied', message: expect.stringContaining('blocked by policy') });
    const [row] = await db(ae).query('SELECT status FROM exchange_messages WHERE id = $1', [draft.json().id]);
    expect(row.status).toBe('refused');
    expect(await db(ae).query("SELECT id FROM outbox WHERE payload->>'messageId' = $1", [draft.json().id])).toEqual([]);
    const logged = await db(ae).query("SELECT action FROM audit_log WHERE object_id IN ($1, 'KP') AND action IN ('policy.deny', 'exchange.refused') ORDER BY id", [draft.json().id]);
    expect(logged.map((entry: { action: string }) => entry.action)).toEqual(['policy.deny', 'exchange.refused']);
    const explained = await call(ae, 'aeAnalyst', 'POST', '/v1/policy/explain', { country: 'GB', type: 'request', purpose: 'money laundering analysis', categories: ['subject_identities', 'analysis_results', 'reporting_entity_identity'] });
    expect(explained.json()).toMatchObject({ allowed: true, send: ['subject_identities'], removed: [{ category: 'analysis_results' }, { category: 'reporting_entity_identity' }] });
  });

  it('7. B is stopped, A sends, B restarts: the message arrives once', async () => {
    await gb.stop();
    const feedback = await call(ae, 'aeAnalyst', 'POST', '/v1/exchange/messages', { type: 'feedback', inReplyTo: answerAtAe.id, usefulness: 'very_useful', use: 'Led to a freezing order.' });
    expect(feedback.json().status).toBe('queued');
    await eventually(async () => ((await db(ae).query('SELECT attempts FROM exchange_messages WHERE id = $1', [feedback.json().id]))[0].attempts >= 2 ? true : undefined), 20_000, 'failed attempts while B is down');
    gb = await startNode(gbSettings);
    const arrived = await receivedAt(gb, 'feedback');
    await eventually(async () => ((await db(ae).query('SELECT status FROM exchange_messages WHERE id = $1', [feedback.json().id]))[0].status === 'sent' ? true : undefined));
    const copies = await db(gb).query("SELECT count(*)::int AS count FROM exchange_messages WHERE direction = 'in' AND message_id = $1", [arrived.message_id]);
    expect(copies[0].count).toBe(1);
  });

  it('8. B refuses a replayed, a tampered, a wrongly signed and a wrongly addressed envelope', async () => {
    const aeKeys = await KeyRing.load(aeSettings.keyFile);
    const gbPublic = await KeyRing.load(gbSettings.keyFile);
    const now = Math.floor(Date.now() / 1000);
    const payload = () => ({ jti: newMessageId(), iss: 'AE', aud: 'GB', iat: now, exp: now + 600, type: 'acknowledgement', thread: newMessageId(), inReplyTo: null, body: {} });
    const post = (envelope: string) => fetch(`${exchangeUrl(gbSettings)}/v1/inbox`, { method: 'POST', headers: { 'content-type': 'application/jose' }, body: envelope });
    const refusal = async (envelope: string) => {
      const response = await post(envelope);
      return [response.status, ((await response.json()) as { reason?: string }).reason];
    };

    const envelope = await seal(payload(), aeKeys, await recipientKey(gbPublic.publicJwks()));
    expect((await post(envelope)).status).toBe(202);
    expect(await refusal(envelope)).toEqual([409, 'replay']);

    const parts = (await seal(payload(), aeKeys, await recipientKey(gbPublic.publicJwks()))).split('.');
    parts[3] = (parts[3][0] === 'A' ? 'B' : 'A') + parts[3].slice(1);
    expect(await refusal(parts.join('.'))).toEqual([400, 'tampered']);

    const impostor = await KeyRing.load({ keys: await generateKeyPairs('AE') });
    expect(await refusal(await seal(payload(), impostor, await recipientKey(gbPublic.publicJwks())))).toEqual([401, 'bad_signature']);

    const elsewhere = await KeyRing.load({ keys: await generateKeyPairs('FR') });
    expect(await refusal(await seal(payload(), aeKeys, await recipientKey(elsewhere.publicJwks())))).toEqual([400, 'not_for_us']);

    // A genuine envelope from a country whose policy at B now blocks exchange.
    expect((await call(gb, 'gbAdmin', 'POST', '/v1/exchange/policies/AE', { ...POLICY, exchangeAllowed: false })).statusCode).toBe(201);
    const blocked = await refusal(await seal(payload(), aeKeys, await recipientKey(gbPublic.publicJwks())));
    expect((await call(gb, 'gbAdmin', 'POST', '/v1/exchange/policies/AE', POLICY)).statusCode).toBe(201);
    expect(blocked).toEqual([403, 'policy_blocked']);

    const refusals = await db(gb).query("SELECT detail->>'reason' AS reason FROM audit_log WHERE action = 'exchange.inbox_refused' ORDER BY id");
    expect(refusals.map((row: { reason: string }) => row.reason)).toEqual(expect.arrayContaining(['replay', 'tampered', 'bad_signature', 'not_for_us', 'policy_blocked']));
    const jwks = (await (await fetch(`${exchangeUrl(gbSettings)}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((key) => key.use).sort()).toEqual(['enc', 'sig']);
    expect(jwks.keys.some((key) => 'd' in key)).toBe(false);
  });

  it('9. reminds once about a request close to its deadline, and not about answered ones', async () => {
    const reminders = gb.worker.get(RemindUseCase);
    expect(await reminders.execute()).toEqual([]);
    const id = newMessageId();
    await db(gb).query(
      `INSERT INTO exchange_messages (message_id, direction, country, type, thread_id, status, body, deadline, received_at)
       VALUES ($1, 'in', 'AE', 'request', $1, 'received', '{}', now() + interval '1 hour', now())`,
      [id],
    );
    expect((await reminders.execute()).map((row) => row.country)).toEqual(['AE']);
    expect(await reminders.execute()).toEqual([]);
  });

  it('10. shows a message that used up its delivery attempts as failed, and a resend delivers it', async () => {
    const ack = await call(ae, 'aeAnalyst', 'POST', '/v1/exchange/messages', { type: 'acknowledgement', inReplyTo: answerAtAe.id });
    const id = ack.json().id as string;
    await eventually(async () => ((await db(ae).query('SELECT status FROM exchange_messages WHERE id = $1', [id]))[0].status === 'sent' ? true : undefined));
    // As the worker records it after the last attempt.
    await db(ae).query("UPDATE exchange_messages SET status = 'queued' WHERE id = $1", [id]);
    await ae.worker.get(DeliverUseCase).markFailed(id, 'partner answered 503');
    const failed = (await call(ae, 'aeAnalyst', 'GET', '/v1/exchange/messages?status=failed')).json() as { id: string; lastError: string }[];
    expect(failed).toEqual([expect.objectContaining({ id, lastError: 'partner answered 503' })]);
    expect((await call(ae, 'aeAnalyst', 'POST', `/v1/exchange/messages/${id}/resend`)).json()).toMatchObject({ id, status: 'queued', decision: { allowed: true } });
    // The partner already has it: its replay answer counts as delivered, and it took effect there once.
    await eventually(async () => ((await db(ae).query('SELECT status FROM exchange_messages WHERE id = $1', [id]))[0].status === 'sent' ? true : undefined));
    const [{ message_id }] = await db(ae).query('SELECT message_id FROM exchange_messages WHERE id = $1', [id]);
    expect((await db(gb).query("SELECT count(*)::int AS count FROM exchange_messages WHERE direction = 'in' AND message_id = $1", [message_id]))[0].count).toBe(1);
  });

  it('11. B rotates its keys without a restart: A refuses the new signature until its admin confirms the new set, then takes it; retired keys stop at once', async () => {
    const gbKeys = gb.worker.get(KeysService);
    const rotated = await gbKeys.rotateFile(gbSettings.keysFile, 'GB', 7, cliActor());
    const published = (await (await fetch(`${exchangeUrl(gbSettings)}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(published.keys).toHaveLength(4);
    expect(rotated.keys.map((key) => key.kid).sort()).toEqual(published.keys.map((key) => key.kid).sort());

    // B now signs with its new key, which A does not trust yet.
    const ack = await call(gb, 'gbAnalyst', 'POST', '/v1/exchange/messages', { type: 'acknowledgement', inReplyTo: requestAtGb });
    expect(ack.json().status).toBe('queued');
    const failed = await eventually(async () => {
      const [row] = await db(gb).query('SELECT status, last_error FROM exchange_messages WHERE id = $1', [ack.json().id]);
      return row.status === 'failed' ? row : undefined;
    }, 30_000, 'the unconfirmed signature to be refused');
    expect(failed.last_error).toMatch(/^partner answered 401 \(bad_signature\)/);

    const refreshed = await call(ae, 'aeAdmin', 'POST', '/v1/exchange/partners/GB', { refreshKeys: true });
    expect(refreshed.json()).toMatchObject({ keyIds: gbSettings.keyFile.keys.map((key) => key.kid), pendingKeys: { thumbprint: rotated.thumbprint } });
    expect((await call(ae, 'aeAdmin', 'POST', '/v1/exchange/partners/GB/keys/confirm', { thumbprint: rotated.thumbprint })).json().keysThumbprint).toBe(rotated.thumbprint);
    expect((await call(gb, 'gbAnalyst', 'POST', `/v1/exchange/messages/${ack.json().id}/resend`)).json().status).toBe('queued');
    await eventually(async () => ((await db(gb).query('SELECT status FROM exchange_messages WHERE id = $1', [ack.json().id]))[0].status === 'sent' ? true : undefined), 30_000, 'the resent acknowledgement');

    // B retires its old generation now: neither published nor accepted, still without a restart.
    const file = JSON.parse(readFileSync(gbSettings.keysFile, 'utf8')) as KeyFile;
    const old = new Set(gbSettings.keyFile.keys.map((key) => key.kid));
    const retired = { keys: file.keys.map((key) => (old.has(key.kid) ? { ...key, retireAt: new Date(Date.now() - 1000).toISOString() } : key)) };
    writeFileSync(`${gbSettings.keysFile}.new`, JSON.stringify(retired), { mode: 0o600 });
    renameSync(`${gbSettings.keysFile}.new`, gbSettings.keysFile);
    const now = (await (await fetch(`${exchangeUrl(gbSettings)}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(now.keys.map((key) => key.kid).sort()).toEqual(rotated.keys.map((key) => key.kid).filter((kid) => !old.has(kid)).sort());
    const aeKeys = await KeyRing.load(aeSettings.keyFile);
    const toOldKey = await seal(
      { jti: newMessageId(), iss: 'AE', aud: 'GB', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, type: 'acknowledgement', thread: newMessageId(), inReplyTo: null, body: {} },
      aeKeys,
      await recipientKey((await KeyRing.load(gbSettings.keyFile)).publicJwks()),
    );
    const answer = await fetch(`${exchangeUrl(gbSettings)}/v1/inbox`, { method: 'POST', headers: { 'content-type': 'application/jose' }, body: toOldKey });
    expect([answer.status, ((await answer.json()) as { reason: string }).reason]).toEqual([400, 'not_for_us']);
  });
});
