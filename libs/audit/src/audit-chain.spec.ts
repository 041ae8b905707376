import { chainHash, GENESIS_HASH } from './audit-chain';

const entry = {
  at: new Date('2026-11-28T12:00:00.123Z'),
  actorType: 'staff',
  actorId: 'u1',
  actorName: 'a.analyst',
  action: 'report.read',
  objectType: 'report',
  objectId: 'r1',
  purpose: 'case 12',
  sourceIp: '10.0.0.1',
  detail: { b: 1, a: [1, { d: 2, c: 3 }] },
};

describe('chainHash', () => {
  it('is stable whatever the key order of the detail', () => {
    expect(chainHash(GENESIS_HASH, entry)).toBe(chainHash(GENESIS_HASH, { ...entry, detail: { a: [1, { c: 3, d: 2 }], b: 1 } }));
  });

  it('changes with any field and with the previous hash', () => {
    const base = chainHash(GENESIS_HASH, entry);
    expect(chainHash('1'.repeat(64), entry)).not.toBe(base);
    for (const change of [{ actorId: 'u2' }, { action: 'report.update' }, { purpose: null }, { detail: { b: 2, a: [1, { d: 2, c: 3 }] } }, { at: new Date(entry.at.getTime() + 1) }]) {
      expect(chainHash(GENESIS_HASH, { ...entry, ...change })).not.toBe(base);
    }
  });

  it('keeps fields apart: moving text from one field to the next changes the hash', () => {
    expect(chainHash(GENESIS_HASH, { ...entry, objectType: 'report', objectId: 'r1' })).not.toBe(
      chainHash(GENESIS_HASH, { ...entry, objectType: 'reportr1', objectId: '' }),
    );
  });
});
