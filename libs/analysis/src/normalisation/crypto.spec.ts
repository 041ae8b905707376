import fc from 'fast-check';
import { normaliseWalletAddress } from './crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const HEX = '0123456789abcdefABCDEF';
const chars = (alphabet: string, minLength: number, maxLength = minLength) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
const same = (chain: string, address: string) => expect(normaliseWalletAddress(address)).toEqual({ chain, address });

describe('normaliseWalletAddress', () => {
  describe('examples', () => {
    it('recognises bitcoin legacy, P2SH and bech32 addresses', () => {
      same('bitcoin', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa');
      expect(normaliseWalletAddress(' 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy ')?.address).toBe('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy');
      const bech32 = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
      expect(normaliseWalletAddress(bech32.toUpperCase())).toEqual({ chain: 'bitcoin', address: bech32 });
    });

    it('recognises ethereum addresses and lower-cases them (no EIP-55 check)', () => {
      const mixed = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
      expect(normaliseWalletAddress(mixed)).toEqual({ chain: 'ethereum', address: mixed.toLowerCase() });
      const upper = '0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED';
      expect(normaliseWalletAddress(upper)).toEqual({ chain: 'ethereum', address: mixed.toLowerCase() });
    });

    it('recognises tron addresses', () => {
      same('tron', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
    });

    it('keeps other long alphanumeric addresses as unknown, case preserved', () => {
      same('unknown', 'LdP8Qox1VAhCzLJNqrr74YovaWYyNBUWvL'); // a Litecoin address
    });

    it('does not give a chain to a malformed address of that chain', () => {
      const malformed = [
        '1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a', // 0 is not base58
        'bc1QAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', // mixed case (BIP-173)
        'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdb', // b is not bech32
        '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe', // 39 hex digits
      ];
      for (const raw of malformed) expect([undefined, 'unknown']).toContain(normaliseWalletAddress(raw)?.chain);
    });

    it('refuses what is not an address', () => {
      for (const raw of ['', 'bitcoin', '0x123', '1A1zP1eP 5QGefi2DMPTfTL5SLmv7DivfNa', 'not-an-address-but-long-enough', '✓'.repeat(30)]) {
        expect(normaliseWalletAddress(raw)).toBeNull();
      }
    });
  });

  describe('properties', () => {
    const legacy = fc.tuple(fc.constantFrom('1', '3'), chars(BASE58, 24, 33)).map(([head, rest]) => head + rest);
    const bech32 = chars(BECH32, 11, 71).map((data) => `bc1${data}`);
    const ethereum = chars(HEX, 40).map((hex) => `0x${hex}`);
    const tron = chars(BASE58, 33).map((rest) => `T${rest}`);

    it('classifies generated addresses by chain', () => {
      fc.assert(
        fc.property(legacy, bech32, ethereum, tron, fc.boolean(), (btc, bc1, eth, trx, upper) => {
          expect(normaliseWalletAddress(btc)).toEqual({ chain: 'bitcoin', address: btc });
          expect(normaliseWalletAddress(upper ? bc1.toUpperCase() : bc1)).toEqual({ chain: 'bitcoin', address: bc1 });
          expect(normaliseWalletAddress(eth)).toEqual({ chain: 'ethereum', address: eth.toLowerCase() });
          expect(normaliseWalletAddress(upper ? eth.toUpperCase() : eth)).toEqual({ chain: 'ethereum', address: eth.toLowerCase() });
          expect(normaliseWalletAddress(trx)).toEqual({ chain: 'tron', address: trx });
        }),
        { numRuns: 300 },
      );
    });

    it('never throws; any result normalises to itself', () => {
      const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), chars(`${BASE58}0x `, 0, 45), legacy, bech32, ethereum, tron);
      fc.assert(
        fc.property(text, (raw) => {
          const result = normaliseWalletAddress(raw);
          if (result !== null) expect(normaliseWalletAddress(result.address)).toEqual(result);
        }),
        { numRuns: 500 },
      );
    });
  });
});
