import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { isNonPublicAddress } from './address-guard';
import { sanitisePartnerText, summariseAnswer } from './partner-client';
import { checkOutboundUrl, OutboundError, OutboundRules, safeRequest } from './safe-http';

describe('outbound address guard', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a00:1',
    '64:ff9b::a00:1',
    '[::1]',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '193.0.6.139', '2a00:1450:4001:80b::200e', '::ffff:808:808'])('lets %s through', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });
});

describe('outbound URL rules', () => {
  const rules = { httpsOnly: false, allowPrivateNetwork: false };
  const problem = (url: string, overrides: Partial<typeof rules> = {}) => {
    try {
      checkOutboundUrl(url, { ...rules, ...overrides });
      return 'ok';
    } catch (error) {
      return (error as OutboundError).problem;
    }
  };

  it('wants https in production, no credentials, and no literal private address unless allowed', () => {
    expect(problem('http://fiu.example.gb', { httpsOnly: true })).toBe('insecure_url');
    expect(problem('https://fiu.example.gb', { httpsOnly: true })).toBe('ok');
    expect(problem('ftp://fiu.example.gb')).toBe('bad_url');
    expect(problem('https://user:secret@fiu.example.gb')).toBe('bad_url');
    expect(problem('http://127.0.0.1:3003')).toBe('private_address');
    expect(problem('http://[::1]:3003')).toBe('private_address');
    expect(problem('http://0x7f.1/')).toBe('private_address');
    expect(problem('http://127.0.0.1:3003', { allowPrivateNetwork: true })).toBe('ok');
    expect(problem('not a url')).toBe('bad_url');
  });
});

describe('safeRequest against a local server', () => {
  let server: Server;
  let base: string;
  let handler: (request: IncomingMessage, response: ServerResponse) => void = () => undefined;
  const rules: OutboundRules = { httpsOnly: false, allowPrivateNetwork: true, timeoutMs: 1000, maxResponseBytes: 1024 };
  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error instanceof OutboundError ? `${error.problem}: ${error.message}` : `other: ${String(error)}`;
    }
    return 'no failure';
  };

  beforeAll(async () => {
    server = createServer((request, response) => handler(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers with the status and body', async () => {
    handler = (_request, response) => response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"received"}');
    await expect(safeRequest(`${base}/v1/inbox`, { method: 'POST', body: 'x' }, rules)).resolves.toMatchObject({ status: 202, body: Buffer.from('{"status":"received"}') });
  });

  it('does not follow a redirect', async () => {
    let followed = false;
    handler = (request, response) => {
      if (request.url === '/elsewhere') followed = true;
      response.writeHead(302, { location: `${base}/elsewhere` }).end();
    };
    expect(await failure(safeRequest(`${base}/v1/inbox`, { method: 'GET' }, rules))).toMatch(/^redirect:/);
    expect(followed).toBe(false);
  });

  it('stops reading past the size cap, declared or not', async () => {
    handler = (_request, response) => response.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
    expect(await failure(safeRequest(base, { method: 'GET' }, rules))).toMatch(/^too_large:/);
    handler = (_request, response) => {
      response.writeHead(200);
      for (let i = 0; i < 10; i++) response.write('y'.repeat(500));
      response.end();
    };
    expect(await failure(safeRequest(base, { method: 'GET' }, rules))).toMatch(/^too_large:/);
  });

  it('gives up at the deadline when the server never finishes', async () => {
    handler = (_request, response) => {
      response.writeHead(200);
      response.write('{');
    };
    expect(await failure(safeRequest(base, { method: 'GET' }, { ...rules, timeoutMs: 200 }))).toBe('timeout: no complete answer within 200 ms');
  });

  it('refuses loopback for a partner not allowed on private networks, by literal address and by name', async () => {
    let reached = false;
    handler = (_request, response) => {
      reached = true;
      response.end();
    };
    const port = new URL(base).port;
    expect(await failure(safeRequest(base, { method: 'GET' }, { ...rules, allowPrivateNetwork: false }))).toMatch(/^private_address:/);
    // A name is checked on the address it resolves to, so DNS cannot point a public-looking name inward.
    expect(await failure(safeRequest(`http://localhost:${port}/`, { method: 'GET' }, { ...rules, allowPrivateNetwork: false }))).toMatch(/^private_address:/);
    expect(reached).toBe(false);
  });

  it('names a network failure by its code, never by its text', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failure(safeRequest(`http://127.0.0.1:${port}/`, { method: 'GET' }, rules))).toBe('unreachable: connection refused');
  });
});

describe("a partner's words as stored", () => {
  it('keeps a bounded, printable, one-line summary with the reason code only when it is one', () => {
    const hostile = JSON.stringify({ reason: 'tampered', message: `bad\u0000\u001b[31m red\r\nline two ${'z'.repeat(5000)}` });
    const { summary, reason } = summariseAnswer(400, Buffer.from(hostile));
    expect(reason).toBe('tampered');
    expect(summary.startsWith('partner answered 400 (tampered): bad')).toBe(true);
    expect(summary.length).toBeLessThanOrEqual('partner answered 400 (tampered): '.length + 200);
    expect([...summary].some((character) => character.charCodeAt(0) < 32 || character.charCodeAt(0) === 127)).toBe(false);
    expect(summariseAnswer(400, Buffer.from(JSON.stringify({ reason: 'Not <b>a</b> code', message: 'x' }))).reason).toBeNull();
    expect(summariseAnswer(502, Buffer.from('<html>gateway</html>')).summary).toBe('partner answered 502');
    expect(sanitisePartnerText({ not: 'text' })).toBe('');
  });
});
