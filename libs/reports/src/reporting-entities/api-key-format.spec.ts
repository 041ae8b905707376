import { apiKeyMatches, generateApiKey, hashApiKey, parseApiKey } from './api-key-format';

describe('API keys', () => {
  it('carry a recognisable prefix and at least 128 bits of randomness', () => {
    const { key, keyId } = generateApiKey();
    expect(key.startsWith('fiu_')).toBe(true);
    const secret = key.split('_').slice(2).join('_');
    expect(Buffer.from(secret, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(parseApiKey(key)).toBe(keyId);
  });

  it('are never generated twice', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it('match only their own hash', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(apiKeyMatches(a.key, a.hash)).toBe(true);
    expect(apiKeyMatches(b.key, a.hash)).toBe(false);
    expect(apiKeyMatches(a.key, hashApiKey(`${a.key}x`))).toBe(false);
  });

  it('refuses malformed keys', () => {
    expect(parseApiKey('')).toBeNull();
    expect(parseApiKey('Bearer x')).toBeNull();
    expect(parseApiKey('fiu_0123_abc')).toBeNull();
    expect(parseApiKey(`fiu_${'g'.repeat(16)}_${'a'.repeat(43)}`)).toBeNull();
  });
});
