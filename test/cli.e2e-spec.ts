import { createHash } from 'node:crypto';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npm', ['run', '-s', 'cli', '--', ...args], { env: process.env, timeout: 60_000 });

// Every command is a fresh process that compiles and boots the CLI: slower than an in-process call.
jest.setTimeout(90_000);

describe('administration command line', () => {
  it('registers a reporting entity and prints its API key once, storing only a hash', async () => {
    const { stdout } = await cli('entity:create', '--code', '101', '--name', 'Test Bank', '--sector', 'bank');
    expect(stdout).toContain('Registered reporting entity 101 (Test Bank, bank)');
    const key = /API key \(shown once, store it now\): (fiu_[0-9a-f]{16}_[A-Za-z0-9_-]{43})/.exec(stdout)?.[1];
    expect(key).toBeDefined();

    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query(
        "SELECT k.key_id, encode(k.key_hash, 'hex') AS hash FROM api_keys k JOIN reporting_entities e ON e.id = k.entity_id WHERE e.code = '101'",
      );
      expect(rows).toHaveLength(1);
      expect(key).toContain(rows[0].key_id);
      const secret = key!.slice('fiu_'.length + 17);
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect(rows[0].hash).toBe(createHash('sha256').update(key!).digest('hex'));
    } finally {
      await db.end();
    }
  });

  it('refuses an unknown sector and a duplicate code with a clear message', async () => {
    await expect(cli('entity:create', '--code', '102', '--name', 'X', '--sector', 'spaceship')).rejects.toMatchObject({
      stderr: expect.stringContaining('sector must be one of'),
    });
    await cli('entity:create', '--code', '103', '--name', 'Y', '--sector', 'casino');
    await expect(cli('entity:create', '--code', '103', '--name', 'Y', '--sector', 'casino')).rejects.toMatchObject({
      stderr: expect.stringContaining('already exists'),
    });
  });

  it('suspends, shows and reactivates an entity, and revokes a key', async () => {
    const { stdout } = await cli('entity:create', '--code', '104', '--name', 'Z', '--sector', 'money_transmitter');
    const keyId = /fiu_([0-9a-f]{16})_/.exec(stdout)![1];
    expect(JSON.parse((await cli('entity:suspend', '--code', '104')).stdout)).toMatchObject({ code: '104', status: 'suspended' });
    expect(JSON.parse((await cli('entity:activate', '--code', '104')).stdout)).toMatchObject({ status: 'active', activeKeys: [{ keyId }] });
    expect((await cli('entity:revoke-key', '--key-id', keyId)).stdout).toContain(`Revoked API key ${keyId}`);
    expect(JSON.parse((await cli('entity:show', '--code', '104')).stdout).activeKeys).toEqual([]);
    await expect(cli('entity:revoke-key', '--key-id', keyId)).rejects.toMatchObject({ stderr: expect.stringContaining('No active API key') });
  });

  it('creates a staff account with the password from standard input, never from the command line', async () => {
    const created = spawnSync('npm', ['run', '-s', 'cli', '--', 'user:create', '--username', 'j.doe', '--role', 'analyst'], {
      env: process.env,
      input: 'a long enough passphrase\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(created.stdout).toContain('Created staff account j.doe (analyst)');
    const weak = spawnSync('npm', ['run', '-s', 'cli', '--', 'user:create', '--username', 'k.doe', '--role', 'analyst'], { env: process.env, input: 'short\n', encoding: 'utf8' });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('at least 12 characters');
  });

  it('stops with a list of every configuration problem', async () => {
    await expect(
      run('npm', ['run', '-s', 'cli', '--', 'db:migrate'], {
        env: { ...process.env, DATABASE_URL: 'mysql://nope', INTAKE_PORT: 'x', QUEUE_PREFIX: 'has spaces' },
      }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/Invalid configuration/),
    });
    const failure = await run('npm', ['run', '-s', 'cli', '--', 'db:migrate'], {
      env: { ...process.env, DATABASE_URL: 'mysql://nope', INTAKE_PORT: 'x', QUEUE_PREFIX: 'has spaces' },
    }).catch((error: { stderr: string }) => error);
    for (const variable of ['DATABASE_URL="mysql://nope"', 'INTAKE_PORT="x"', 'QUEUE_PREFIX="has spaces"']) {
      expect((failure as { stderr: string }).stderr).toContain(variable);
    }
  });
});
