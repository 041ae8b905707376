import fc from 'fast-check';
import { normaliseBic, normaliseIban } from './iban';

/** ISO 13616 check digits: BBAN + country + "00", letters as 10..35, 98 minus the remainder mod 97. */
function checkDigits(country: string, bban: string): string {
  const digits = [...`${bban}${country}00`].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const chars = (alphabet: string, length: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: length, maxLength: length });

// Countries whose BBAN positions are each strictly a letter or a digit, plus CH whose account part is alphanumeric.
const STRICT_IBAN = fc.oneof(
  chars(LETTERS, 4).chain((bank) => chars(DIGITS, 10).map((account) => ['NL', bank + account])),
  chars(DIGITS, 18).map((bban) => ['DE', bban]),
  chars(LETTERS, 4).chain((bank) => chars(DIGITS, 14).map((account) => ['GB', bank + account])),
).map(([country, bban]) => `${country}${checkDigits(country, bban)}${bban}`);
const ALPHANUMERIC_IBAN = chars(DIGITS, 5)
  .chain((bank) => chars(LETTERS + DIGITS, 12).map((account) => bank + account))
  .map((bban) => `CH${checkDigits('CH', bban)}${bban}`);
const VALID_IBAN = fc.oneof(STRICT_IBAN, ALPHANUMERIC_IBAN);

/** Writes an IBAN as people do: separators anywhere, any case. */
const written = (iban: string) =>
  fc
    .tuple(
      fc.array(fc.constantFrom('', '', '', ' ', '-', '  '), { minLength: iban.length, maxLength: iban.length }),
      fc.array(fc.boolean(), { minLength: iban.length, maxLength: iban.length }),
    )
    .map(([separators, lower]) => [...iban].map((c, i) => (lower[i] ? c.toLowerCase() : c) + separators[i]).join(''));

/** A position and a different character of the same class (digit for digit, letter for letter). */
const sameClassMutation = (iban: string) =>
  fc.integer({ min: 0, max: iban.length - 1 }).chain((at) => {
    const alphabet = DIGITS.includes(iban[at]) ? DIGITS : LETTERS;
    return fc.constantFrom(...alphabet.replace(iban[at], '')).map((c) => iban.slice(0, at) + c + iban.slice(at + 1));
  });

describe('normaliseIban', () => {
  it('accepts valid IBANs in any spacing and case', () => {
    expect(normaliseIban('NL91 ABNA 0417 1643 00')).toBe('NL91ABNA0417164300');
    expect(normaliseIban('gb82-west-1234-5698-7654-32')).toBe('GB82WEST12345698765432');
    expect(normaliseIban('IBAN: DE89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(normaliseIban('\tCH93 0076 2011 6238 5295 7\n')).toBe('CH9300762011623852957');
  });

  it('refuses wrong check digits, lengths, structures and countries', () => {
    const invalid = ['NL91ABNA0417164301', 'NL91ABNA041716430', 'NL91ABNA04171643000', 'NL9112340417164300', 'XX91ABNA0417164300'];
    invalid.push('', 'IBAN', 'NL91ABNA0417164300!');
    for (const raw of invalid) expect(normaliseIban(raw)).toBeNull();
    expect(normaliseIban('NL91ABNA0417164ſ00')).toBeNull(); // 'ſ'.toUpperCase() is 'S'
  });

  it('accepts generated IBANs in any spacing and case (property)', () => {
    expect(checkDigits('NL', 'ABNA0417164300')).toBe('91');
    fc.assert(
      fc.property(VALID_IBAN.chain((iban) => fc.tuple(fc.constant(iban), written(iban))), ([iban, raw]) => {
        expect(normaliseIban(raw)).toBe(iban);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every single same-class substitution: mod 97 catches them all (property)', () => {
    fc.assert(
      fc.property(VALID_IBAN.chain(sameClassMutation), (mutated) => {
        expect(normaliseIban(mutated)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every single substitution where each position has a fixed class (property)', () => {
    // A letter for a digit shifts the number mod 97 works on, so only the BBAN structure catches those.
    const anyMutation = (iban: string) =>
      fc
        .tuple(fc.integer({ min: 0, max: iban.length - 1 }), fc.constantFrom(...LETTERS + DIGITS))
        .filter(([at, c]) => iban[at] !== c)
        .map(([at, c]) => iban.slice(0, at) + c + iban.slice(at + 1));
    fc.assert(
      fc.property(STRICT_IBAN.chain(anyMutation), (mutated) => {
        expect(normaliseIban(mutated)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), chars('NLGB0123456789 -', 30)), (raw) => {
        const iban = normaliseIban(raw);
        if (iban !== null) expect(normaliseIban(iban)).toBe(iban);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normaliseBic', () => {
  it('accepts 8- and 11-character BICs and gives the institution form', () => {
    expect(normaliseBic('ABNANL2A')).toEqual({ bic: 'ABNANL2A', bic8: 'ABNANL2A' });
    expect(normaliseBic(' abnanl2axxx ')).toEqual({ bic: 'ABNANL2AXXX', bic8: 'ABNANL2A' });
    expect(normaliseBic('DEUT DE FF 500')).toEqual({ bic: 'DEUTDEFF500', bic8: 'DEUTDEFF' });
  });

  it('refuses wrong lengths, shapes and countries', () => {
    for (const raw of ['ABNANL2', 'ABNANL2AX', 'ABNANL2AXX', 'ABNANL2AXXXX', '1BNANL2A', 'ABNA1L2A', 'ABNAQQ2A', 'ABNA-NL-2A', '']) {
      expect(normaliseBic(raw)).toBeNull();
    }
  });

  it('accepts generated BICs in any case, bic8 being the first 8 characters (property)', () => {
    const bic = fc
      .tuple(
        chars(LETTERS, 4),
        fc.constantFrom('NL', 'DE', 'GB', 'FR', 'US', 'AE'),
        chars(LETTERS + DIGITS, 2),
        fc.option(chars(LETTERS + DIGITS, 3)),
      )
      .map(([bank, country, location, branch]) => bank + country + location + (branch ?? ''));
    fc.assert(
      fc.property(bic, fc.boolean(), (code, lower) => {
        expect(normaliseBic(lower ? code.toLowerCase() : code)).toEqual({ bic: code, bic8: code.slice(0, 8) });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (raw) => {
        const result = normaliseBic(raw);
        if (result !== null) expect(result.bic).toMatch(/^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/);
      }),
      { numRuns: 300 },
    );
  });
});
