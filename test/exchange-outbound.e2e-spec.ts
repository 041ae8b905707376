import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { CompactEncrypt } from 'jose';
import { DeliverUseCase, EnvelopePayload, generateKeyPairs, KeyRing, newMessageId, open, recipientKey, seal } from '@fiu/exchange';
import { signedIn } from './support/console-node';
import { eventually } from './support/test-node';
import { NodeSettings, POLICY, prepareNode, removeQueues, RunningNode, startNode } from './support/fiu-node';

jest.setTimeout(120_000);

type Behaviour = (response: ServerResponse, body: string) => void | Promise<void>;
const json = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const readAll = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * One real node (AE) and a partner FIU (GB) played by a small HTTP server in this test, so each
 * outbound rule can be made to matter: what the partner answers, when, and how much.
 */
describe('exchange: four-eyes on every package, the release check at delivery and resend, and safe outbound calls', () => {
  let settings: NodeSettings;
  let ae: RunningNode;
  let partner: Server;
  let partnerUrl: string;
  let gbKeys: KeyRing;
  const script: Behaviour[] = [];
  const arrived: EnvelopePayload[] = [];
  let inboxHits = 0;
  const tokens: Record<string, string> = {};
  const savedTimeout = process.env.EXCHANGE_OUTBOUND_TIMEOUT_MS;
  let requestAtAe: string;

  const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    (ae.console as NestFastifyApplication).inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, payload });
  const db = () => ae.worker.get(DataSource);
  const messageRow = async (id: string) => (await db().query('SELECT status, last_error, attempts, approved_by FROM exchange_messages WHERE id = $1', [id]))[0] as { status: string; last_error: string | null; attempts: number; approved_by: string | null };
  const statusBecomes = (id: string, status: string, what = `message ${id} to be ${status}`) =>
    eventually(async () => {
      const row = await messageRow(id);
      return row.status === status ? row : undefined;
    }, 30_000, what);
  const setPolicy = async (country: string, policy: object) => expect((await call('admin', 'POST', `/v1/exchange/policies/${country}`, policy)).statusCode).toBe(201);
  const disclosure = async (country = 'GB', narrative = 'Funds moved through three accounts in nine days.') => {
    const draft = await call('analyst', 'POST', '/v1/exchange/messages', { country, type: 'spontaneous_disclosure', purpose: 'money laundering analysis', narrative });
    expect(draft.json().status).toBe('draft');
    return draft.json().id as string;
  };
  /** A behaviour that holds the partner's answer until the test lets it go. */
  const held = (answer: Behaviour) => {
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const hit = new Promise<void>((resolve) => (reached = resolve));
    script.push(async (response, body) => {
      reached();
      await gate;
      await answer(response, body);
    });
    return { hit, release };
  };

  beforeAll(async () => {
    // Long enough for a held answer, short enough for the deadline test.
    process.env.EXCHANGE_OUTBOUND_TIMEOUT_MS = '5000';
    settings = await prepareNode('AE');
    ae = await startNode(settings);
    const aeJwks = (await KeyRing.load(settings.keyFile)).publicJwks();
    gbKeys = await KeyRing.load({ keys: await generateKeyPairs('GB') });
    partner = createServer((request, response) => {
      void (async () => {
        const body = await readAll(request);
        switch (request.url) {
          case '/.well-known/jwks.json':
            return json(response, 200, gbKeys.publicJwks());
          case '/jwks-redirect':
            return response.writeHead(302, { location: '/.well-known/jwks.json' }).end();
          case '/jwks-huge':
            return json(response, 200, { keys: gbKeys.publicJwks().keys, padding: 'x'.repeat(200_000) });
          case '/jwks-silent':
            // Never answers: the caller's deadline ends it.
            return;
          case '/v1/inbox': {
            inboxHits += 1;
            const next = script.shift();
            if (next) return next(response, body);
            const payload = await open(body, gbKeys, 'GB', async (country) => (country === 'AE' ? aeJwks : null)).catch(() => null);
            if (!payload) return json(response, 400, { reason: 'bad_signature' });
            arrived.push(payload);
            return json(response, 202, { messageId: payload.jti, status: 'received' });
          }
          default:
            return json(response, 404, {});
        }
      })();
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
    for (const [name, role] of [['admin', 'admin'], ['analyst', 'analyst'], ['supervisor', 'supervisor'], ['supervisor2', 'supervisor']] as const) {
      tokens[name] = (await signedIn(ae.console as NestFastifyApplication, role)).accessToken;
    }
    const added = await call('admin', 'POST', '/v1/exchange/partners', { country: 'GB', name: 'FIU GB', endpointUrl: partnerUrl, jwks: gbKeys.publicJwks(), allowPrivateNetwork: true });
    expect(added.statusCode).toBe(201);
    await setPolicy('GB', POLICY);
    // GB asks AE something, so AE has a received message to answer.
    const now = Math.floor(Date.now() / 1000);
    const request = await seal(
      { jti: newMessageId(), iss: 'GB', aud: 'AE', iat: now, exp: now + 600, type: 'request', thread: newMessageId(), inReplyTo: null, body: { facts: 'x', background: 'y', linkToCountry: 'z', intendedUse: 'w', urgency: 'normal' } },
      gbKeys,
      await recipientKey(aeJwks),
    );
    const posted = await fetch(`http://127.0.0.1:${settings.exchangePort}/v1/inbox`, { method: 'POST', headers: { 'content-type': 'application/jose' }, body: request });
    expect(posted.status).toBe(202);
    requestAtAe = (await db().query("SELECT id FROM exchange_messages WHERE direction = 'in' AND type = 'request'"))[0].id;
  });

  afterAll(async () => {
    if (savedTimeout === undefined) delete process.env.EXCHANGE_OUTBOUND_TIMEOUT_MS;
    else process.env.EXCHANGE_OUTBOUND_TIMEOUT_MS = savedTimeout;
    await ae?.stop();
    if (settings) await removeQueues(settings);
    partner?.closeAllConnections();
    await new Promise((resolve) => partner?.close(resolve));
  });

  it('holds feedback and acknowledgements that carry a package for a supervisor who is not the author; without one they go at once', async () => {
    const withNarrative = await call('analyst', 'POST', '/v1/exchange/messages', { type: 'feedback', inReplyTo: requestAtAe, usefulness: 'useful', use: 'Opened a case.', narrative: 'The subject also holds GB82WEST12345698765432.' });
    expect(withNarrative.json()).toMatchObject({ status: 'draft', decision: null });
    const withReceived = await call('analyst', 'POST', '/v1/exchange/messages', { type: 'acknowledgement', inReplyTo: requestAtAe, receivedMessageIds: [requestAtAe] });
    expect(withReceived.json()).toMatchObject({ status: 'draft' });
    expect(await db().query("SELECT id FROM outbox WHERE payload->>'messageId' = ANY($1)", [[withNarrative.json().id, withReceived.json().id]])).toEqual([]);

    // The analyst cannot reach approval; the supervisor who wrote a message cannot approve it; another supervisor can.
    expect((await call('analyst', 'POST', `/v1/exchange/messages/${withNarrative.json().id}/approve`)).statusCode).toBe(403);
    const bySupervisor = await call('supervisor', 'POST', '/v1/exchange/messages', { type: 'acknowledgement', inReplyTo: requestAtAe, narrative: 'Received; we are looking into it.' });
    expect(bySupervisor.json().status).toBe('draft');
    const ownApproval = await call('supervisor', 'POST', `/v1/exchange/messages/${bySupervisor.json().id}/approve`);
    expect([ownApproval.statusCode, ownApproval.json().code]).toEqual([403, 'four_eyes']);
    const approved = await call('supervisor2', 'POST', `/v1/exchange/messages/${bySupervisor.json().id}/approve`);
    expect(approved.json()).toMatchObject({ status: 'queued', decision: { allowed: true, send: ['narrative'] } });
    await statusBecomes(bySupervisor.json().id, 'sent');
    expect(arrived.find((payload) => payload.type === 'acknowledgement')?.body).toMatchObject({ package: { narrative: 'Received; we are looking into it.' } });

    const bare = await call('analyst', 'POST', '/v1/exchange/messages', { type: 'feedback', inReplyTo: requestAtAe, usefulness: 'useful', use: 'Opened a case.' });
    expect(bare.json().status).toBe('queued');
    await statusBecomes(bare.json().id, 'sent');
  });

  it('refuses at delivery a queued package that no supervisor approved', async () => {
    const [row] = await db().query(
      `INSERT INTO exchange_messages (message_id, direction, country, type, thread_id, status, items, body)
       VALUES ($1, 'out', 'GB', 'feedback', $1, 'queued', $2, '{"usefulness":"useful","use":"x"}') RETURNING id`,
      [newMessageId(), { reportIds: [], subjectIds: [], receivedMessageIds: [], narrative: 'Smuggled out without a second person.' }],
    );
    const hits = inboxHits;
    await expect(ae.worker.get(DeliverUseCase).execute(row.id)).resolves.toBe('stopped');
    expect(await messageRow(row.id)).toMatchObject({ status: 'refused', last_error: expect.stringContaining('no supervisor approved it') });
    expect(inboxHits).toBe(hits);
  });

  it('stops an approved message at delivery when the policy is tightened after approval, and shows why', async () => {
    const { hit, release } = held((response) => json(response, 503, { message: 'busy' }));
    const id = await disclosure();
    expect((await call('supervisor', 'POST', `/v1/exchange/messages/${id}/approve`)).json().status).toBe('queued');
    await hit;
    await setPolicy('GB', { ...POLICY, dataCategories: ['subject_identities'] });
    release();
    const stopped = await statusBecomes(id, 'refused', 'the message to be stopped at its next attempt');
    expect(stopped.attempts).toBe(1);
    const shown = (await call('analyst', 'GET', `/v1/exchange/messages/${id}`)).json();
    expect(shown.lastError).toMatch(/^Stopped at delivery: Refused by policy: policy v2 does not allow narrative to GB/);
    expect(shown.policyDecision).toMatchObject({ allowed: false, policyVersion: 2 });
    expect((await db().query("SELECT action FROM audit_log WHERE object_id = $1 AND action = 'exchange.stopped'", [id])).length).toBe(1);
    await setPolicy('GB', POLICY);
  });

  it("keeps a bounded, sanitised summary of a partner's refusal, and checks a resend against the policy in force", async () => {
    script.push((response) => json(response, 400, { reason: 'malformed', message: `Bad\u0000 envelope\u001b[2J\r\n${'<script>'.repeat(2000)}` }));
    const id = await disclosure();
    await call('supervisor', 'POST', `/v1/exchange/messages/${id}/approve`);
    const failed = await statusBecomes(id, 'failed');
    expect(failed.last_error).toMatch(/^partner answered 400 \(malformed\): Bad envelope \[2J <script>/);
    expect(failed.last_error!.length).toBeLessThanOrEqual(240);
    expect([...failed.last_error!].some((character) => character.charCodeAt(0) < 32)).toBe(false);

    await setPolicy('GB', { ...POLICY, exchangeAllowed: false });
    const resent = await call('analyst', 'POST', `/v1/exchange/messages/${id}/resend`);
    expect([resent.statusCode, resent.json().code]).toEqual([403, 'policy_denied']);
    expect(await messageRow(id)).toMatchObject({ status: 'refused', last_error: expect.stringMatching(/^Not resent: Refused by policy: exchange with GB is blocked by policy v\d+/) });
    expect(await db().query("SELECT id FROM outbox WHERE payload->>'messageId' = $1", [id])).toHaveLength(1);
    await setPolicy('GB', POLICY);
  });

  it('follows no redirect and reads no more than the size cap from a partner', async () => {
    script.push((response) => {
      response.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    const redirected = await disclosure();
    await call('supervisor', 'POST', `/v1/exchange/messages/${redirected}/approve`);
    expect((await statusBecomes(redirected, 'failed')).last_error).toBe('not sent: answered 307 with a redirect, which is not followed');

    script.push((response) => json(response, 500, { message: 'x'.repeat(200_000) }));
    const { release } = held((response, body) => json(response, 202, { status: 'received', size: body.length }));
    const large = await disclosure();
    await call('supervisor', 'POST', `/v1/exchange/messages/${large}/approve`);
    const capped = await eventually(async () => ((await messageRow(large)).last_error ? messageRow(large) : undefined), 30_000, 'the oversized answer to be refused');
    expect(capped.last_error).toBe(`partner unreachable: the answer exceeds ${64 * 1024} bytes`);
    release();
    await statusBecomes(large, 'sent');
  });

  it('reaches a loopback partner only while it is allowed on private networks, whatever its name resolves from', async () => {
    const frKeys = await KeyRing.load({ keys: await generateKeyPairs('FR') });
    const endpointUrl = partnerUrl.replace('127.0.0.1', 'localhost');
    const refused = await call('admin', 'POST', '/v1/exchange/partners', { country: 'FR', name: 'FIU FR', endpointUrl: partnerUrl, jwks: frKeys.publicJwks() });
    expect([refused.statusCode, refused.json().message]).toEqual([400, expect.stringContaining('loopback or private')]);
    expect((await call('admin', 'POST', '/v1/exchange/partners', { country: 'FR', name: 'FIU FR', endpointUrl, jwks: frKeys.publicJwks(), allowPrivateNetwork: true })).statusCode).toBe(201);
    await setPolicy('FR', POLICY);
    const changed = await call('admin', 'POST', '/v1/exchange/partners/FR', { allowPrivateNetwork: false });
    expect(changed.json()).toMatchObject({ allowPrivateNetwork: false });
    const hits = inboxHits;
    const id = await disclosure('FR');
    await call('supervisor', 'POST', `/v1/exchange/messages/${id}/approve`);
    expect((await statusBecomes(id, 'failed')).last_error).toMatch(/^not sent: the host resolves to a loopback or private address/);
    expect(inboxHits).toBe(hits);
  });

  it('trusts keys fetched from a JWKS URL only after their thumbprint is confirmed, and fetches them safely', async () => {
    const add = (country: string, jwksUrl: string, extra: object = {}) =>
      call('admin', 'POST', '/v1/exchange/partners', { country, name: `FIU ${country}`, endpointUrl: partnerUrl, jwksUrl, allowPrivateNetwork: true, ...extra });
    const redirected = await add('NL', `${partnerUrl}/jwks-redirect`);
    expect([redirected.statusCode, redirected.json().code, redirected.json().message]).toEqual([502, 'partner_unreachable', expect.stringContaining('redirect')]);
    const huge = await add('NL', `${partnerUrl}/jwks-huge`);
    expect([huge.statusCode, huge.json().message]).toEqual([502, expect.stringContaining('exceeds')]);
    const silent = await add('NL', `${partnerUrl}/jwks-silent`);
    expect([silent.statusCode, silent.json().message]).toEqual([502, expect.stringContaining('no complete answer within 5000 ms')]);
    const loopback = await add('NL', `${partnerUrl}/.well-known/jwks.json`, { allowPrivateNetwork: false, endpointUrl: 'https://fiu.example.nl' });
    expect([loopback.statusCode, loopback.json().message]).toEqual([400, expect.stringContaining('jwksUrl: the address is loopback or private')]);

    const pending = await add('NL', `${partnerUrl}/.well-known/jwks.json`);
    expect(pending.json()).toMatchObject({ keyIds: [], keysThumbprint: null, pendingKeys: { thumbprint: expect.any(String) } });
    await setPolicy('NL', POLICY);
    // Until confirmed, nothing is encrypted to those keys and nothing signed with them is accepted.
    const id = await disclosure('NL');
    await call('supervisor', 'POST', `/v1/exchange/messages/${id}/approve`);
    expect((await statusBecomes(id, 'failed')).last_error).toMatch(/^no confirmed encryption key for partner FIU NL/);
    const confirmed = await call('admin', 'POST', '/v1/exchange/partners/NL/keys/confirm', { thumbprint: pending.json().pendingKeys.thumbprint });
    expect(confirmed.json()).toMatchObject({ keyIds: gbKeys.publicJwks().keys.map((key) => key.kid), pendingKeys: null });
    const logged = await db().query("SELECT actor_id, detail->>'thumbprint' AS thumbprint FROM audit_log WHERE action = 'partner.keys_confirmed' AND object_id = 'NL'");
    expect(logged).toEqual([{ actor_id: expect.any(String), thumbprint: pending.json().pendingKeys.thumbprint }]);
  });

  it('writes at most a few hundred characters of what an unauthenticated sender chose into the audit log', async () => {
    const aeEncryption = await recipientKey((await KeyRing.load(settings.keyFile)).publicJwks());
    const hostile = await new CompactEncrypt(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: `k${'\u202e'.repeat(10)}${'K'.repeat(20_000)}` })
      .encrypt(aeEncryption.key);
    const answer = await fetch(`http://127.0.0.1:${settings.exchangePort}/v1/inbox`, { method: 'POST', headers: { 'content-type': 'application/jose' }, body: hostile });
    const body = (await answer.json()) as { reason: string; message: string };
    expect([answer.status, body.reason]).toEqual([400, 'not_for_us']);
    expect(body.message.length).toBeLessThan(200);
    const [entry] = await db().query("SELECT actor_id, length(detail::text) AS size FROM audit_log WHERE action = 'exchange.inbox_refused' ORDER BY id DESC LIMIT 1");
    expect(entry.actor_id).toBe('unknown');
    expect(entry.size).toBeLessThan(500);
  });
});
