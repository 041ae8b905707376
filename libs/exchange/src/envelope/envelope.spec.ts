import { CompactEncrypt, CompactSign, importJWK } from 'jose';
import { EnvelopeError, EnvelopePayload, newMessageId, open, recipientKey, seal } from './envelope';
import { checkPublicJwks, generateKeyPairs, jwksThumbprint, KeyRing, rotate } from './keys';

const payload = (overrides: Partial<EnvelopePayload> = {}): EnvelopePayload => {
  const now = Math.floor(Date.now() / 1000);
  return { jti: newMessageId(), iss: 'AE', aud: 'GB', iat: now, exp: now + 3600, type: 'request', thread: newMessageId(), inReplyTo: null, body: { facts: 'x' }, ...overrides };
};

describe('envelopes', () => {
  let ae: KeyRing;
  let gb: KeyRing;
  let other: KeyRing;
  const registry = (sender: KeyRing) => async (country: string) => (country === 'AE' ? sender.publicJwks() : null);

  beforeAll(async () => {
    ae = await KeyRing.load({ keys: await generateKeyPairs('AE') });
    gb = await KeyRing.load({ keys: await generateKeyPairs('GB') });
    other = await KeyRing.load({ keys: await generateKeyPairs('FR') });
  });

  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof EnvelopeError) return error.reason;
      throw error;
    }
    return 'accepted';
  };

  it('round-trips: signed by the sender, encrypted to the recipient, verified against the registered keys', async () => {
    const sent = payload();
    const envelope = await seal(sent, ae, await recipientKey(gb.publicJwks()));
    await expect(open(envelope, gb, 'GB', registry(ae))).resolves.toEqual(sent);
  });

  it('never publishes private key material', () => {
    expect(JSON.stringify(ae.publicJwks())).not.toMatch(/"d":/);
  });

  it('refuses an unknown sender, a wrong recipient, an expired message, a tampered one and one for another FIU', async () => {
    const envelope = await seal(payload(), ae, await recipientKey(gb.publicJwks()));
    expect(await refusal(open(envelope, gb, 'GB', async () => null))).toBe('unknown_sender');
    expect(await refusal(open(await seal(payload({ aud: 'FR' }), ae, await recipientKey(gb.publicJwks())), gb, 'GB', registry(ae)))).toBe('wrong_recipient');
    const past = Math.floor(Date.now() / 1000) - 7200;
    expect(await refusal(open(await seal(payload({ iat: past, exp: past + 60 }), ae, await recipientKey(gb.publicJwks())), gb, 'GB', registry(ae)))).toBe('expired');
    const parts = envelope.split('.');
    parts[3] = (parts[3][0] === 'A' ? 'B' : 'A') + parts[3].slice(1);
    expect(await refusal(open(parts.join('.'), gb, 'GB', registry(ae)))).toBe('tampered');
    expect(await refusal(open(await seal(payload(), ae, await recipientKey(other.publicJwks())), gb, 'GB', registry(ae)))).toBe('not_for_us');
  });

  it('refuses a message signed by a key the sender never registered', async () => {
    const impostor = await KeyRing.load({ keys: await generateKeyPairs('AE') });
    const envelope = await seal(payload(), impostor, await recipientKey(gb.publicJwks()));
    expect(await refusal(open(envelope, gb, 'GB', registry(ae)))).toBe('bad_signature');
  });

  it('refuses downgraded algorithms on either layer', async () => {
    const hs = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload()))).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    const gbEnc = await recipientKey(gb.publicJwks());
    const weakInner = await new CompactEncrypt(new TextEncoder().encode(hs)).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: gbEnc.kid }).encrypt(gbEnc.key);
    expect(await refusal(open(weakInner, gb, 'GB', registry(ae)))).toBe('downgrade');
    const jwk = gb.publicJwks().keys.find((key) => key.use === 'enc')!;
    const weakOuter = await new CompactEncrypt(new TextEncoder().encode('x')).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', kid: jwk.kid }).encrypt(await importJWK(jwk, 'ECDH-ES'));
    expect(await refusal(open(weakOuter, gb, 'GB', registry(ae)))).toBe('downgrade');
  });

  it('keeps accepting the old key during a rotation overlap, and publishes both', async () => {
    const file = { keys: await generateKeyPairs('GB', new Date(Date.now() - 1000)) };
    const before = await KeyRing.load(file);
    const envelope = await seal(payload(), ae, await recipientKey(before.publicJwks()));
    const rotated = await KeyRing.load(await rotate(file, 'GB', 7));
    expect(rotated.publicJwks().keys).toHaveLength(4);
    await expect(open(envelope, rotated, 'GB', registry(ae))).resolves.toMatchObject({ aud: 'GB' });
    expect(rotated.signingKey().kid).not.toBe(before.signingKey().kid);
  });

  it('gives a key set one thumbprint that ignores order and kids but not the keys', async () => {
    const { keys } = gb.publicJwks();
    const thumbprint = await jwksThumbprint({ keys });
    expect(thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await jwksThumbprint({ keys: [...keys].reverse().map((key) => ({ ...key, kid: `renamed-${key.kid}` })) })).toBe(thumbprint);
    expect(await jwksThumbprint({ keys: [keys[0], other.publicJwks().keys[1]] })).not.toBe(thumbprint);
  });

  it('registers only the public members of a partner key, and refuses private ones', () => {
    const [key] = gb.publicJwks().keys;
    expect(checkPublicJwks({ keys: [{ ...key, x5u: 'https://evil.example/cert', extra: 'x'.repeat(100) }] }).keys[0]).toEqual({ kty: key.kty, crv: key.crv, x: key.x, kid: key.kid, use: key.use, alg: key.alg });
    expect(() => checkPublicJwks({ keys: [{ ...key, d: 'secret' }] })).toThrow(/private material/);
  });
});
