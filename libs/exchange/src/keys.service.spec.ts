import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditService } from '@fiu/audit';
import { cliActor, EnvironmentVariables } from '@fiu/core';
import { generateKeyPairs, KeyFile, KeyRing } from './envelope/keys';
import { ExchangeErrorCode } from './exchange.errors';
import { defaultKeysFile, KeysService } from './keys.service';

function setup(overrides: Partial<EnvironmentVariables> = {}) {
  const config = Object.assign(new EnvironmentVariables(), { FIU_COUNTRY: 'GB' }, overrides);
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const sut = new KeysService(config, audit as unknown as AuditService);
  return { sut, mocks: { audit } };
}

const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { code?: string; message: string }) => `${error.code}: ${error.message}`);

describe('KeysService', () => {
  let folder: string;
  const write = (name: string, file: KeyFile, mode = 0o600) => {
    const path = join(folder, name);
    writeFileSync(path, JSON.stringify(file), { mode });
    chmodSync(path, mode);
    return path;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'fiu-keys-spec-'));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(folder, { recursive: true, force: true });
  });

  it('picks up a rotation written to the key file without a restart', async () => {
    const path = write('keys.json', { keys: await generateKeyPairs('GB') });
    const { sut } = setup({ EXCHANGE_KEYS_FILE: path });
    const before = (await sut.ring()).signingKey().kid;
    await sut.rotateFile(path, 'GB', 7, cliActor());
    const after = await sut.ring();
    expect(after.signingKey().kid).not.toBe(before);
    expect((await sut.publicJwks()).keys).toHaveLength(4);
  });

  it('stops publishing and accepting keys retired in the file at once, without a restart', async () => {
    const first = await generateKeyPairs('GB', new Date(Date.now() - 60_000));
    const path = write('keys.json', { keys: first });
    const { sut } = setup({ EXCHANGE_KEYS_FILE: path });
    expect((await sut.ring()).decryptionKey(first[1].kid)).toBeDefined();
    const second = await generateKeyPairs('GB');
    write('keys.json', { keys: [...first.map((key) => ({ ...key, retireAt: new Date(Date.now() - 1000).toISOString() })), ...second] });
    const ring = await sut.ring();
    expect(ring.decryptionKey(first[1].kid)).toBeUndefined();
    expect((await sut.publicJwks()).keys.map((key) => key.kid)).toEqual(second.map((key) => key.kid));
  });

  it('applies a retireAt at the instant it passes, from the keys already loaded', async () => {
    const retireAt = new Date(Date.now() + 3_600_000);
    const old = (await generateKeyPairs('GB', new Date(Date.now() - 60_000))).map((key) => ({ ...key, retireAt: retireAt.toISOString() }));
    const ring = await KeyRing.load({ keys: [...old, ...(await generateKeyPairs('GB'))] });
    expect(ring.publicJwks().keys).toHaveLength(4);
    const later = new Date(retireAt.getTime() + 1);
    expect(ring.publicJwks(later).keys).toHaveLength(2);
    expect(ring.decryptionKey(old[1].kid, later)).toBeUndefined();
  });

  it('keeps the keys it has when the changed file is broken', async () => {
    const path = write('keys.json', { keys: await generateKeyPairs('GB') });
    const { sut } = setup({ EXCHANGE_KEYS_FILE: path });
    const kid = (await sut.ring()).signingKey().kid;
    writeFileSync(path, '{"keys": [');
    expect((await sut.ring()).signingKey().kid).toBe(kid);
  });

  it('refuses a key file that group or others can read in production, and only warns elsewhere', async () => {
    const path = write('keys.json', { keys: await generateKeyPairs('GB') }, 0o644);
    expect(await codeOf(setup({ NODE_ENV: 'production', EXCHANGE_KEYS_FILE: path }).sut.ring())).toMatch(/^keys_unavailable: .*readable or writable by group or others \(mode 644\)/);
    await expect(setup({ NODE_ENV: 'development', EXCHANGE_KEYS_FILE: path }).sut.ring()).resolves.toBeInstanceOf(KeyRing);
    chmodSync(path, 0o600);
    await expect(setup({ NODE_ENV: 'production', EXCHANGE_KEYS_FILE: path }).sut.ring()).resolves.toBeInstanceOf(KeyRing);
  });

  it('in production, will not start the exchange face without EXCHANGE_KEYS_FILE, and generates nothing', async () => {
    jest.spyOn(process, 'cwd').mockReturnValue(folder);
    const { sut } = setup({ NODE_ENV: 'production', EXCHANGE_KEYS_FILE: undefined });
    expect(await codeOf(sut.prepare())).toMatch(new RegExp(`^${ExchangeErrorCode.KeysUnavailable}: EXCHANGE_KEYS_FILE is required in production`));
    expect(existsSync(join(folder, '.fiu'))).toBe(false);
  });

  it('outside production, generates an owner-only key file at the default path on first start and keeps using it', async () => {
    jest.spyOn(process, 'cwd').mockReturnValue(folder);
    const path = defaultKeysFile('GB');
    expect(path).toBe(join(folder, '.fiu', 'exchange-keys-GB.json'));
    const first = await setup({ NODE_ENV: 'development', EXCHANGE_KEYS_FILE: undefined }).sut.prepare();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(first.keys.map((key) => key.use).sort()).toEqual(['enc', 'sig']);
    // The next start (another process of the node) reads the same file: the same thumbprint partners confirmed.
    const second = await setup({ NODE_ENV: 'development', EXCHANGE_KEYS_FILE: undefined }).sut.prepare();
    expect(second.thumbprint).toBe(first.thumbprint);
    expect(JSON.parse(readFileSync(path, 'utf8')).keys).toHaveLength(2);
  });

  it('audits keys:generate and keys:rotate with the CLI actor and public thumbprints only', async () => {
    const { sut, mocks } = setup();
    const path = join(folder, 'new.json');
    await sut.generateFile(path, 'GB', cliActor());
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await sut.rotateFile(path, 'GB', 3, cliActor());
    expect(mocks.audit.record.mock.calls.map(([actor, what]) => [actor.type, what.action])).toEqual([
      ['cli', 'keys.generate'],
      ['cli', 'keys.rotate'],
    ]);
    const recorded = JSON.stringify(mocks.audit.record.mock.calls);
    expect(recorded).not.toMatch(/"d":/);
    expect(recorded).toContain('thumbprint');
    await expect(sut.generateFile(path, 'GB', cliActor())).rejects.toMatchObject({ code: 'EEXIST' });
  });
});
