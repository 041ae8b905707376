import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { StaffService } from '@fiu/staff';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { signedIn, startConsole } from './support/console-node';

describe('console: staff accounts and sign-in', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startConsole();
  });

  afterAll(async () => {
    await app?.close();
  });

  const login = (username: unknown, password: unknown) => app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });

  it('logs a user in with a short-lived token and a single-use refresh token, and keeps only an Argon2id hash', async () => {
    const session = await signedIn(app, 'analyst', 'a.analyst');
    expect(session.accessToken.split('.')).toHaveLength(3);
    const [{ password_hash }] = await app.get(StaffService)['dataSource'].query("SELECT password_hash FROM staff_users WHERE username = 'a.analyst'");
    expect(password_hash).toMatch(/^\$argon2id\$/);
    const refreshed = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().accessToken).not.toBe(session.accessToken);
    const reused = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
    expect(reused.statusCode).toBe(401);
  });

  it('answers the same to an unknown user and a wrong password, and locks the account after repeated failures', async () => {
    const session = await signedIn(app, 'supervisor', 's.supervisor');
    const unknown = await login('nobody', 'whatever-password');
    const wrong = await login('s.supervisor', 'wrong-password-1');
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json().message).toBe(wrong.json().message);
    for (let attempt = 2; attempt <= 5; attempt += 1) await login('s.supervisor', `wrong-password-${attempt}`);
    const locked = await login('s.supervisor', session.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('account_locked');
  });

  it('refuses tampered, unsigned and foreign-algorithm tokens', async () => {
    const session = await signedIn(app, 'analyst');
    const [header, payload, signature] = session.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const bank = await aReportingEntity(app);
    const body = { entityCode: bank.code, question: 'Anything on this account?' };
    for (const token of [`${header}.${forged}.${signature}`, `${none}.${payload}.`, 'not-a-token']) {
      const response = await app.inject({ method: 'POST', url: '/v1/requests', headers: { authorization: `Bearer ${token}` }, payload: body });
      expect(response.statusCode).toBe(401);
    }
    const genuine = await app.inject({ method: 'POST', url: '/v1/requests', headers: { authorization: `Bearer ${session.accessToken}` }, payload: body });
    expect(genuine.statusCode).toBe(201);
    expect(genuine.json()).toMatchObject({ status: 'open', reference: expect.stringMatching(/^XX-RFI-/) });
  });
});
