import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { systemActor } from '@fiu/core';
import { AuditService } from '@fiu/audit';
import { aReportingEntity } from './factories/reporting-entity.factory';
import { signedIn, startConsole } from './support/console-node';

const run = promisify(execFile);

describe('audit log', () => {
  let app: NestFastifyApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await startConsole();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
  });

  const entries = (action: string) => db.query('SELECT actor_name, action, object_type, object_id, source_ip FROM audit_log WHERE action = $1 ORDER BY id', [action]);

  it('records sign-ins, failed sign-ins, changes and reads, and lets only auditors read it', async () => {
    const analyst = await signedIn(app, 'analyst');
    await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: analyst.username, password: 'not the password' } });
    const bank = await aReportingEntity(app);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/requests',
      headers: { authorization: `Bearer ${analyst.accessToken}` },
      payload: { entityCode: bank.code, question: 'Statements for November, please.' },
    });
    expect(created.statusCode).toBe(201);
    expect(await entries('auth.login')).toContainEqual(expect.objectContaining({ actor_name: analyst.username }));
    expect(await entries('auth.login_failed')).toContainEqual(expect.objectContaining({ actor_name: analyst.username }));
    expect(await entries('request.create')).toContainEqual(
      expect.objectContaining({ actor_name: analyst.username, object_type: 'information_request', object_id: created.json().id, source_ip: '127.0.0.1' }),
    );

    const auditor = await signedIn(app, 'auditor');
    const read = await app.inject({ method: 'GET', url: '/v1/audit?action=request.create', headers: { authorization: `Bearer ${auditor.accessToken}` } });
    expect(read.statusCode).toBe(200);
    expect(read.json()[0]).toMatchObject({ action: 'request.create', objectId: created.json().id });
    // Reading the log is itself logged.
    expect(await entries('audit.read')).toContainEqual(expect.objectContaining({ actor_name: auditor.username }));
    expect((await app.inject({ method: 'GET', url: '/v1/audit', headers: { authorization: `Bearer ${analyst.accessToken}` } })).statusCode).toBe(403);
  });

  it('refuses UPDATE and DELETE, even from the superuser the tests connect as', async () => {
    await app.get(AuditService).record(systemActor('test'), { action: 'test.entry' });
    await expect(db.query("UPDATE audit_log SET action = 'x' WHERE action = 'test.entry'")).rejects.toThrow(/append-only/);
    await expect(db.query("DELETE FROM audit_log WHERE action = 'test.entry'")).rejects.toThrow(/append-only/);
  });

  it('names the exact entry a superuser tampered with, bypassing the trigger', async () => {
    const audit = app.get(AuditService);
    for (let i = 0; i < 5; i += 1) await audit.record(systemActor('test'), { action: 'test.chain', detail: { i } });
    await expect(audit.verify()).resolves.toMatchObject({ brokenAt: null });
    const [{ id }] = await db.query("SELECT id FROM audit_log WHERE action = 'test.chain' ORDER BY id OFFSET 2 LIMIT 1");
    await db.transaction(async (manager) => {
      // What a superuser can do: switch the trigger off for the session and rewrite history.
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(`UPDATE audit_log SET detail = '{"i": 99}' WHERE id = $1`, [id]);
    });
    await expect(audit.verify()).resolves.toMatchObject({ brokenAt: { id, reason: 'its content does not match its hash' } });
    const cli = await run('npm', ['run', '-s', 'cli', '--', 'audit:verify'], { env: process.env }).catch((error: { code: number; stderr: string }) => error);
    expect(cli).toMatchObject({ code: 3, stderr: expect.stringContaining(`Audit log BROKEN at entry ${id}`) });
  });
});
