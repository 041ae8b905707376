import fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import { getCountries, getExampleNumber, type PhoneNumber } from 'libphonenumber-js/max';
import { normalisePhone } from './phones';

const E164 = /^\+[1-9]\d{1,14}$/;

// One real-shaped mobile number per country that libphonenumber-js has an example for.
const SAMPLES: PhoneNumber[] = getCountries()
  .map((country) => getExampleNumber(country, examples))
  .filter((sample): sample is PhoneNumber => sample !== undefined && sample.isValid());

describe('normalisePhone', () => {
  describe('examples', () => {
    it('reads international numbers in any common notation', () => {
      expect(normalisePhone('+31 (0)6 1234 5678')).toBe('+31612345678');
      expect(normalisePhone('+31-6-12.34.56.78')).toBe('+31612345678');
      expect(normalisePhone('0031 6 12345678')).toBe('+31612345678');
      expect(normalisePhone('tel:+31612345678')).toBe('+31612345678');
      expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
      expect(normalisePhone('＋３１６１２３４５６７８')).toBe('+31612345678'); // full-width, via NFKC
    });

    it('uses a separate goAML country prefix for national numbers', () => {
      expect(normalisePhone('612345678', 'NL')).toBe('+31612345678');
      expect(normalisePhone('06 12345678', 'nl')).toBe('+31612345678');
      expect(normalisePhone('0612345678', '31')).toBe('+31612345678');
      expect(normalisePhone('612345678', '+31')).toBe('+31612345678');
      expect(normalisePhone('612345678', '0031')).toBe('+31612345678');
      expect(normalisePhone('011 31 6 12345678', 'US')).toBe('+31612345678'); // the US international prefix
    });

    it('lets an international number win over the prefix', () => {
      expect(normalisePhone('+31612345678', 'GB')).toBe('+31612345678');
      expect(normalisePhone('+31612345678', '44')).toBe('+31612345678');
    });

    it('drops extensions', () => {
      expect(normalisePhone('+31612345678 ext. 12')).toBe('+31612345678');
    });

    it('refuses numbers that are not valid', () => {
      expect(normalisePhone('612345678')).toBeNull(); // national, no country
      expect(normalisePhone('612345678', 'Netherlands')).toBeNull();
      expect(normalisePhone('612345678', 'XX')).toBeNull();
      expect(normalisePhone('+31 0000000')).toBeNull();
      expect(normalisePhone('+31 6 1234')).toBeNull();
      expect(normalisePhone('12345', 'NL')).toBeNull();
      expect(normalisePhone('call me')).toBeNull();
      expect(normalisePhone('')).toBeNull();
    });
  });

  describe('properties', () => {
    const sample = fc.constantFrom(...SAMPLES);
    const separator = fc.constantFrom('', '', ' ', '-', '.', '  ');

    it('has samples for most countries', () => {
      expect(SAMPLES.length).toBeGreaterThan(200);
    });

    it('reads a valid number however it is written', () => {
      const writings = (number: PhoneNumber) =>
        fc.array(separator, { minLength: 16, maxLength: 16 }).chain((seps) => {
          const digits = [...number.number.slice(1)].map((d, i) => d + seps[i]).join('').trim();
          return fc.constantFrom<[string, string | undefined]>(
            [`+${digits}`, undefined],
            [`00${digits}`, undefined],
            [number.formatInternational(), undefined],
            [number.formatNational(), number.country],
            [number.formatNational(), number.countryCallingCode],
            [number.nationalNumber, `+${number.countryCallingCode}`],
            [number.getURI(), undefined],
          );
        });
      fc.assert(
        fc.property(sample.chain((n) => fc.tuple(fc.constant(n.number), writings(n))), ([expected, [raw, country]]) => {
          expect(normalisePhone(raw, country)).toBe(expected);
        }),
        { numRuns: 500 },
      );
    });

    it('never throws; any result is E.164 and normalises to itself', () => {
      const phoneLike = fc.string({ unit: fc.constantFrom(...'+0123456789 -()'), maxLength: 20 });
      const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), phoneLike);
      const prefix = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('NL', 'us', '31', '+44', '0049', 'ZZ'));
      const country = fc.option(prefix, { nil: undefined });
      fc.assert(
        fc.property(text, country, (raw, defaultCountry) => {
          const phone = normalisePhone(raw, defaultCountry);
          if (phone !== null) {
            expect(phone).toMatch(E164);
            expect(normalisePhone(phone)).toBe(phone);
          }
        }),
        { numRuns: 500 },
      );
    });
  });
});
