import fc from 'fast-check';
import { datesCompatible, daysInMonth, normaliseDateOfBirth, type DateOfBirth } from './dates';

const TODAY = new Date(Date.UTC(2025, 5, 15)); // 2025-06-15
const parse = (raw: string) => normaliseDateOfBirth(raw, TODAY);
const day = (value: string): DateOfBirth => ({ value, precision: 'day' });
const month = (value: string): DateOfBirth => ({ value, precision: 'month' });
const year = (value: string): DateOfBirth => ({ value, precision: 'year' });

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('normaliseDateOfBirth', () => {
  describe('examples', () => {
    it('reads ISO dates, date-times, months and years', () => {
      expect(parse('1970-03-12')).toEqual(day('1970-03-12'));
      expect(parse('1970-03-12T00:00:00')).toEqual(day('1970-03-12'));
      expect(parse('1970-03-12T23:30:00.000+05:30')).toEqual(day('1970-03-12')); // no time-zone shift
      expect(parse('1970-03')).toEqual(month('1970-03'));
      expect(parse(' 1970 ')).toEqual(year('1970'));
    });

    it('reads day-first numeric dates', () => {
      expect(parse('12/03/1970')).toEqual(day('1970-03-12'));
      expect(parse('12.03.1970')).toEqual(day('1970-03-12'));
      expect(parse('1.3.1970')).toEqual(day('1970-03-01'));
      expect(parse('03/13/1970')).toBeNull(); // month first: refused, not swapped
      expect(parse('12/03.1970')).toBeNull();
    });

    it('reads approximate years', () => {
      expect(parse('circa 1970')).toEqual(year('1970'));
      expect(parse('c. 1970')).toEqual(year('1970'));
      expect(parse('ca.1970')).toEqual(year('1970'));
      expect(parse('Circa 1899')).toBeNull();
    });

    it('reads English month names', () => {
      expect(parse('12 March 1970')).toEqual(day('1970-03-12'));
      expect(parse('12th Mar 1970')).toEqual(day('1970-03-12'));
      expect(parse('12-MAR-1970')).toEqual(day('1970-03-12'));
      expect(parse('March 12, 1970')).toEqual(day('1970-03-12'));
      expect(parse('March 1970')).toEqual(month('1970-03'));
      expect(parse('Sept. 1970')).toEqual(month('1970-09'));
      expect(parse('12 Marzo 1970')).toBeNull();
      expect(parse('constructor 1970')).toBeNull();
    });

    it('refuses impossible dates', () => {
      expect(parse('1970-02-30')).toBeNull();
      expect(parse('31/04/1970')).toBeNull();
      expect(parse('1970-13')).toBeNull();
      expect(parse('1970-00-10')).toBeNull();
      expect(parse('1970-03-12T25:00:00')).toBeNull();
      expect(parse('29 February 1900')).toBeNull(); // not a leap year
      expect(parse('29 February 2000')).toEqual(day('2000-02-29'));
    });

    it('refuses years before 1900 and dates in the future', () => {
      expect(parse('1899-12-31')).toBeNull();
      expect(parse('1900-01-01')).toEqual(day('1900-01-01'));
      expect(parse('2025-06-15')).toEqual(day('2025-06-15'));
      expect(parse('2025-06-16')).toBeNull();
      expect(parse('2025-06')).toEqual(month('2025-06'));
      expect(parse('2025-07')).toBeNull();
      expect(parse('2025')).toEqual(year('2025'));
      expect(parse('2026')).toBeNull();
      expect(normaliseDateOfBirth('9999')).toBeNull(); // default today
    });

    it('refuses anything else', () => {
      for (const raw of ['', 'unknown', '1970-3-12', '70', '12/03/70', '19700312', '1970-03-12 garbage', 'circa']) {
        expect(parse(raw)).toBeNull();
      }
    });
  });

  describe('datesCompatible', () => {
    it('accepts a partial date containing a full one', () => {
      expect(datesCompatible('1970', '1970-03-12')).toBe(true);
      expect(datesCompatible('1970-03-12', 'March 1970')).toBe(true);
      expect(datesCompatible(parse('12/03/1970'), '1970-03-12T00:00:00')).toBe(true);
      expect(datesCompatible(year('1970'), month('1970-03'))).toBe(true);
    });

    it('refuses different or unparseable dates', () => {
      expect(datesCompatible('1970-03', '1970-04-01')).toBe(false);
      expect(datesCompatible('1970-03-12', '1970-03-13')).toBe(false);
      expect(datesCompatible('1971', '1970-03-12')).toBe(false);
      expect(datesCompatible('1970', '19700')).toBe(false);
      expect(datesCompatible(null, '1970')).toBe(false);
      expect(datesCompatible('garbage', 'garbage')).toBe(false);
    });
  });

  describe('properties', () => {
    const validDay = fc
      .record({ y: fc.integer({ min: 1900, max: 2024 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
      .map(({ y, m, d }) => ({ y, m, d: Math.min(d, daysInMonth(y, m)) }));

    it('round-trips valid days written in any accepted format', () => {
      const formats = [
        ({ y, m, d }: { y: number; m: number; d: number }) => `${y}-${pad(m)}-${pad(d)}`,
        ({ y, m, d }: { y: number; m: number; d: number }) => `${y}-${pad(m)}-${pad(d)}T00:00:00`,
        ({ y, m, d }: { y: number; m: number; d: number }) => `${pad(d)}/${pad(m)}/${y}`,
        ({ y, m, d }: { y: number; m: number; d: number }) => `${d}.${m}.${y}`,
        ({ y, m, d }: { y: number; m: number; d: number }) => `${d} ${MONTH_NAMES[m - 1]} ${y}`,
        ({ y, m, d }: { y: number; m: number; d: number }) => `${MONTH_NAMES[m - 1].toUpperCase()} ${d}, ${y}`,
        ({ y, m, d }: { y: number; m: number; d: number }) => `${pad(d)}-${MONTH_NAMES[m - 1].slice(0, 3)}-${y}`,
      ];
      fc.assert(
        fc.property(validDay, fc.constantFrom(...formats), (date, format) => {
          const value = `${date.y}-${pad(date.m)}-${pad(date.d)}`;
          expect(parse(format(date))).toEqual(day(value));
          expect(parse(value)).toEqual(day(value)); // the value itself is accepted input
        }),
        { numRuns: 500 },
      );
    });

    it('round-trips valid months and years', () => {
      fc.assert(
        fc.property(validDay, ({ y, m }) => {
          expect(parse(`${y}-${pad(m)}`)).toEqual(month(`${y}-${pad(m)}`));
          expect(parse(`${MONTH_NAMES[m - 1]} ${y}`)).toEqual(month(`${y}-${pad(m)}`));
          expect(parse(`${y}`)).toEqual(year(`${y}`));
          expect(parse(`c. ${y}`)).toEqual(year(`${y}`));
        }),
        { numRuns: 300 },
      );
    });

    it('refuses days past the end of their month', () => {
      const overflow = fc
        .record({ y: fc.integer({ min: 1900, max: 2024 }), m: fc.integer({ min: 1, max: 12 }), extra: fc.integer({ min: 1, max: 3 }) })
        .filter(({ y, m, extra }) => daysInMonth(y, m) + extra <= 31);
      fc.assert(
        fc.property(overflow, ({ y, m, extra }) => {
          const d = daysInMonth(y, m) + extra;
          expect(parse(`${y}-${pad(m)}-${pad(d)}`)).toBeNull();
          expect(parse(`${pad(d)}/${pad(m)}/${y}`)).toBeNull();
        }),
        { numRuns: 300 },
      );
    });

    it('refuses years out of range', () => {
      const outOfRange = fc.oneof(fc.integer({ min: 1000, max: 1899 }), fc.integer({ min: 2026, max: 9999 }));
      fc.assert(
        fc.property(outOfRange, fc.integer({ min: 1, max: 12 }), (y, m) => {
          expect(parse(`${y}`)).toBeNull();
          expect(parse(`${y}-${pad(m)}-01`)).toBeNull();
        }),
        { numRuns: 300 },
      );
    });

    it('makes a full date compatible with its own month and year only', () => {
      fc.assert(
        fc.property(validDay, validDay, (a, b) => {
          const full = `${a.y}-${pad(a.m)}-${pad(a.d)}`;
          expect(datesCompatible(full, `${a.y}`)).toBe(true);
          expect(datesCompatible(`${a.y}-${pad(a.m)}`, full)).toBe(true);
          const other = `${b.y}-${pad(b.m)}-${pad(b.d)}`;
          expect(datesCompatible(full, other)).toBe(full === other);
          expect(datesCompatible(full, other)).toBe(datesCompatible(other, full));
        }),
        { numRuns: 500 },
      );
    });

    it('never throws, and any result is well formed', () => {
      const dateLike = fc.string({ unit: fc.constantFrom(...'0123456789-/.T: c'), maxLength: 20 });
      const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), dateLike);
      fc.assert(
        fc.property(anyText, (raw) => {
          const result = parse(raw);
          if (result !== null) {
            expect(result.value).toMatch(/^\d{4}(?:-\d{2}){0,2}$/);
            expect(parse(result.value)).toEqual(result);
          }
        }),
        { numRuns: 500 },
      );
    });
  });
});
