import fc from 'fast-check';
import { documentType, normaliseDocumentId, normaliseRegistrationNumber } from './identifiers';

describe('normaliseDocumentId', () => {
  describe('examples', () => {
    it('maps goAML identifier types to a small vocabulary', () => {
      expect(normaliseDocumentId('PASSP', 'NL', 'NP1234567')).toBe('PASSPORT:NL:NP1234567');
      expect(normaliseDocumentId('passport', 'nl', 'np 123 4567')).toBe('PASSPORT:NL:NP1234567');
      expect(normaliseDocumentId('EID', 'BE', '591-0123456-78')).toBe('NATIONAL_ID:BE:591012345678');
      expect(normaliseDocumentId('NATID', 'DE', 'L01X00T47')).toBe('NATIONAL_ID:DE:L01X00T47');
      expect(normaliseDocumentId('id_number', 'FR', '880692310285')).toBe('NATIONAL_ID:FR:880692310285');
      expect(normaliseDocumentId('DRIVL', 'GB', 'MORGA.657054/SM9IJ')).toBe('DRIVING_LICENCE:GB:MORGA657054SM9IJ');
      expect(normaliseDocumentId('ssn', 'US', '078-05-1120')).toBe('SSN:US:078051120');
      expect(normaliseDocumentId('RESPER', 'NL', 'X123')).toBe('OTHER_RESPER:NL:X123');
      expect(normaliseDocumentId('tax id', 'NL', 'X123')).toBe('OTHER_TAX_ID:NL:X123');
      expect(normaliseDocumentId('', 'NL', 'X123')).toBe('OTHER:NL:X123');
      expect(normaliseDocumentId('a:b', 'NL', 'X123')).toBe('OTHER_AB:NL:X123');
    });

    it('uses XX for a missing or malformed country', () => {
      expect(normaliseDocumentId('PASSP', null, 'NP1234567')).toBe('PASSPORT:XX:NP1234567');
      expect(normaliseDocumentId('PASSP', 'NLD', 'NP1234567')).toBe('PASSPORT:XX:NP1234567');
      expect(normaliseDocumentId('PASSP', '1L', 'NP1234567')).toBe('PASSPORT:XX:NP1234567');
      expect(normaliseDocumentId('PASSP', 'ıt', 'NP1234567')).toBe('PASSPORT:XX:NP1234567'); // dotless i is not I
      expect(normaliseDocumentId('PASSP', ' nl ', 'NP1234567')).toBe('PASSPORT:NL:NP1234567');
    });

    it('refuses empty and placeholder numbers', () => {
      for (const number of ['', ' - / . ', 'N/A', 'n.a.', 'none', 'UNKNOWN', '000000', '0']) {
        expect(normaliseDocumentId('PASSP', 'NL', number)).toBeNull();
      }
    });
  });

  describe('properties', () => {
    it('never throws; a result is TYPE:CC:NUMBER without separators', () => {
      const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ maxLength: 12 }));
      fc.assert(
        fc.property(text, fc.option(text, { nil: null }), text, (type, country, number) => {
          const id = normaliseDocumentId(type, country, number);
          if (id === null) return;
          const [kind, cc, ...rest] = id.split(':');
          expect(kind).toMatch(/^(?:PASSPORT|NATIONAL_ID|DRIVING_LICENCE|SSN|OTHER|OTHER_[A-Z0-9_]+)$/);
          expect(cc).toMatch(/^[A-Z]{2}$/);
          expect(rest.join(':')).not.toMatch(/[\s./\\-]/u);
          expect(normaliseDocumentId(type, country, rest.join(':'))).toBe(id);
        }),
        { numRuns: 500 },
      );
    });

    it('is insensitive to separators and case in the number', () => {
      const number = fc
        .string({ unit: fc.constantFrom(...'ABCXYZ0123456789'), minLength: 1, maxLength: 12 })
        .filter((n) => !/^0+$/.test(n));
      const separators = fc.array(fc.constantFrom('', '', ' ', '.', '-', '/'), { minLength: 12, maxLength: 12 });
      fc.assert(
        fc.property(number, separators, fc.constantFrom('PASSP', 'EID', 'DRIVL', 'ssn', 'OTHER'), (n, seps, type) => {
          const written = [...n].map((c, i) => c.toLowerCase() + seps[i]).join('');
          expect(normaliseDocumentId(type, 'NL', written)).toBe(`${documentType(type)}:NL:${n}`);
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('normaliseRegistrationNumber', () => {
  it('gives REG:CC:NUMBER and keeps leading zeros', () => {
    expect(normaliseRegistrationNumber('0012 3456', 'NL')).toBe('REG:NL:00123456');
    expect(normaliseRegistrationNumber('hrb 12345', 'de')).toBe('REG:DE:HRB12345');
    expect(normaliseRegistrationNumber('SC-123.456', null)).toBe('REG:XX:SC123456');
    expect(normaliseRegistrationNumber('n/a', 'NL')).toBeNull();
  });

  it('never throws and is idempotent on the number (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), fc.option(fc.string({ maxLength: 3 }), { nil: null }), (number, cc) => {
        const reg = normaliseRegistrationNumber(number, cc);
        if (reg !== null) expect(normaliseRegistrationNumber(reg.split(':').slice(2).join(':'), cc)).toBe(reg);
      }),
      { numRuns: 300 },
    );
  });
});
