import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npm', ['run', '-s', 'cli', '--', ...args], { env: process.env, timeout: 60_000 });

// Every command is a fresh process that compiles and boots the CLI.
jest.setTimeout(180_000);

describe('exchange administration from the command line', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'fiu-cli-keys-'));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('keys:*, partner:* and policy:* each write an audit entry as the CLI, with public thumbprints only', async () => {
    const keys = join(folder, 'exchange-keys.json');
    const generated = await cli('keys:generate', '--country', 'AE', '--out', keys);
    expect(generated.stdout).toMatch(/Key set thumbprint \(partners confirm it\): [A-Za-z0-9_-]{43}/);
    expect(statSync(keys).mode & 0o777).toBe(0o600);
    const publicKeys = await cli('keys:public', '--file', keys);
    const jwksFile = join(folder, 'partner-jwks.json');
    writeFileSync(jwksFile, publicKeys.stdout);
    expect(publicKeys.stderr).toMatch(/Key set thumbprint: [A-Za-z0-9_-]{43}/);
    expect((await cli('keys:rotate', '--country', 'AE', '--file', keys, '--overlap-days', '3')).stdout).toContain('without a restart');
    expect((JSON.parse(readFileSync(keys, 'utf8')) as { keys: { retireAt: string | null }[] }).keys.map((key) => key.retireAt !== null)).toEqual([true, true, false, false]);
    expect(statSync(keys).mode & 0o777).toBe(0o600);

    // The loopback endpoint needs the explicit flag; a public one does not.
    await expect(cli('partner:add', '--country', 'GB', '--name', 'FIU GB', '--endpoint', 'http://127.0.0.1:9', '--jwks-file', jwksFile)).rejects.toMatchObject({ stderr: expect.stringContaining('loopback or private') });
    const added = JSON.parse((await cli('partner:add', '--country', 'GB', '--name', 'FIU GB', '--endpoint', 'https://fiu.example.gb', '--jwks-file', jwksFile, '--egmont')).stdout);
    expect(added).toMatchObject({ country: 'GB', keyIds: expect.any(Array), keysThumbprint: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), allowPrivateNetwork: false });
    const policy = join(folder, 'policy.json');
    writeFileSync(policy, JSON.stringify({ exchangeAllowed: true, messageTypes: ['request'], dataCategories: ['narrative'], purposes: ['money laundering analysis'] }));
    expect(JSON.parse((await cli('policy:set', '--country', 'GB', '--file', policy)).stdout)).toMatchObject({ country: 'GB', version: 1 });
    expect(JSON.parse((await cli('partner:suspend', '--country', 'GB')).stdout)).toMatchObject({ status: 'suspended' });
    await expect(cli('partner:confirm-keys', '--country', 'GB', '--thumbprint', 'A'.repeat(43))).rejects.toMatchObject({ stderr: expect.stringContaining('No key set of partner FIU GB waits for confirmation') });

    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query("SELECT actor_type, actor_id, action, detail FROM audit_log WHERE actor_type = 'cli' ORDER BY id");
      expect(rows.map((row: { action: string }) => row.action)).toEqual(['keys.generate', 'keys.public', 'keys.rotate', 'partner.add', 'policy.set', 'partner.update']);
      let user = 'unknown';
      try {
        user = userInfo().username;
      } catch {
        // As the CLI names a user without a passwd entry.
      }
      expect(new Set(rows.map((row: { actor_id: string }) => row.actor_id))).toEqual(new Set([`cli:${user}`]));
      expect(JSON.stringify(rows)).not.toMatch(/"d":/);
    } finally {
      await db.end();
    }
  });
});
