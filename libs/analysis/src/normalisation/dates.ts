export type DatePrecision = 'day' | 'month' | 'year';

export interface DateOfBirth {
  /** YYYY-MM-DD, YYYY-MM or YYYY, by precision. */
  value: string;
  precision: DatePrecision;
}

/** Earliest year accepted: older dates in reports are typing errors or placeholders (1800-01-01). */
export const MIN_BIRTH_YEAR = 1900;

// A Map, not an object literal: "constructor 1970" must not find Object.prototype.constructor.
const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3], ['april', 4], ['apr', 4], ['may', 5],
  ['june', 6], ['jun', 6], ['july', 7], ['jul', 7], ['august', 8], ['aug', 8], ['september', 9], ['sep', 9], ['sept', 9],
  ['october', 10], ['oct', 10], ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
]);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;
// Day first, as goAML and most FIUs write it; a month-first (US) date with a day above 12 is refused, not swapped.
const DAY_MONTH_YEAR = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/;
const CIRCA = /^(?:circa|ca\.?|c\.?|approx\.?|about|abt\.?)\s*(\d{4})$/;
const DAY_NAME_YEAR = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+) (\d{4})$/;
const NAME_DAY_YEAR = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)? (\d{4})$/;
const NAME_YEAR = /^([a-z]+) (\d{4})$/;

/**
 * Parses a date of birth as reports write it. Refuses impossible dates, years before 1900 and dates after `today`.
 * The time of an ISO date-time is ignored, not converted: a date of birth has no time zone.
 * "circa 1970" gives year precision; how much tolerance an approximate year deserves is the matcher's decision.
 * Never throws.
 */
export function normaliseDateOfBirth(raw: string, today: Date = new Date()): DateOfBirth | null {
  if (typeof raw !== 'string' || raw.length > 64) return null;
  const text = raw.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  const n = Number;
  let m: RegExpExecArray | null;
  if ((m = ISO_DATE.exec(text))) {
    if (m[4] !== undefined && !validTime(n(m[4]), n(m[5]), m[6] === undefined ? 0 : n(m[6]))) return null;
    return build(today, n(m[1]), n(m[2]), n(m[3]));
  }
  if ((m = ISO_MONTH.exec(text))) return build(today, n(m[1]), n(m[2]));
  if ((m = YEAR.exec(text)) || (m = CIRCA.exec(text))) return build(today, n(m[1]));
  if ((m = DAY_MONTH_YEAR.exec(text))) return build(today, n(m[4]), n(m[3]), n(m[1]));
  const words = text.replace(/[\s,.\-/]+/g, ' ').trim();
  if ((m = DAY_NAME_YEAR.exec(words))) return withMonthName(today, m[2], n(m[3]), n(m[1]));
  if ((m = NAME_DAY_YEAR.exec(words))) return withMonthName(today, m[1], n(m[3]), n(m[2]));
  if ((m = NAME_YEAR.exec(words))) return withMonthName(today, m[1], n(m[2]));
  return null;
}

/**
 * Whether two dates of birth can be the same day: equal, or one is a partial date (year, year-month) containing
 * the other. Strings are parsed with normaliseDateOfBirth; anything unparseable is compatible with nothing.
 */
export function datesCompatible(a: DateOfBirth | string | null | undefined, b: DateOfBirth | string | null | undefined): boolean {
  const x = valueOf(a);
  const y = valueOf(b);
  if (x === null || y === null) return false;
  return x === y || x.startsWith(`${y}-`) || y.startsWith(`${x}-`);
}

function valueOf(date: DateOfBirth | string | null | undefined): string | null {
  if (typeof date === 'string') return normaliseDateOfBirth(date)?.value ?? null;
  if (date === null || date === undefined || typeof date.value !== 'string') return null;
  return normaliseDateOfBirth(date.value)?.value ?? null;
}

function withMonthName(today: Date, name: string, year: number, day?: number): DateOfBirth | null {
  const month = MONTHS.get(name);
  return month === undefined ? null : build(today, year, month, day);
}

function build(today: Date, year: number, month?: number, day?: number): DateOfBirth | null {
  if (year < MIN_BIRTH_YEAR) return null;
  if (month !== undefined && (month < 1 || month > 12)) return null;
  if (day !== undefined && (month === undefined || day < 1 || day > daysInMonth(year, month))) return null;
  // Compare as fixed-width strings so that partial dates are checked at their own precision.
  const parts = [pad(year, 4)];
  if (month !== undefined) parts.push(pad(month, 2));
  if (day !== undefined) parts.push(pad(day, 2));
  const value = parts.join('-');
  const now = [pad(today.getUTCFullYear(), 4), pad(today.getUTCMonth() + 1, 2), pad(today.getUTCDate(), 2)].join('-');
  if (value > now.slice(0, value.length)) return null;
  return { value, precision: day !== undefined ? 'day' : month !== undefined ? 'month' : 'year' };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validTime(hours: number, minutes: number, seconds: number): boolean {
  return hours <= 23 && minutes <= 59 && seconds <= 59;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
