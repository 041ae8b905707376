import type { SimpleTypeDef } from '../schema/schema-model';

export interface ValueProblem {
  code: 'invalid_format' | 'too_short' | 'too_long' | 'pattern_mismatch' | 'invalid_code' | 'out_of_range' | 'too_many_digits';
  message: string;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const patternCache = new Map<string, RegExp | null>();

/** XSD regexes are implicitly anchored and have a few classes JavaScript lacks; an untranslatable one is skipped. */
function xsdPattern(source: string): RegExp | null {
  if (!patternCache.has(source)) {
    const translated = source
      .replace(/\\i/g, '[_:A-Za-z]')
      .replace(/\\I/g, '[^_:A-Za-z]')
      .replace(/\\c/g, '[-._:A-Za-z0-9]')
      .replace(/\\C/g, '[^-._:A-Za-z0-9]');
    let compiled: RegExp | null;
    try {
      compiled = new RegExp(`^(?:${translated})$`, 'u');
    } catch {
      compiled = null;
    }
    patternCache.set(source, compiled);
  }
  return patternCache.get(source) ?? null;
}

function validCalendarDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

function compareNumbers(a: string, b: string): number {
  return Number(a) - Number(b);
}

/** Checks one text value against a simple type: format first, then facets. Returns every problem. */
export function checkSimpleValue(value: string, type: SimpleTypeDef): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const label = type.name ? ` (${type.name})` : '';
  switch (type.base) {
    case 'decimal':
      if (!DECIMAL.test(value)) return [{ code: 'invalid_format', message: `"${value}" is not a decimal number` }];
      break;
    case 'integer':
    case 'int':
      if (!INTEGER.test(value)) return [{ code: 'invalid_format', message: `"${value}" is not a whole number` }];
      if (type.base === 'int' && (Number(value) < INT_MIN || Number(value) > INT_MAX)) {
        return [{ code: 'out_of_range', message: `${value} is outside the 32-bit integer range` }];
      }
      break;
    case 'boolean':
      if (!['true', 'false', '1', '0'].includes(value)) return [{ code: 'invalid_format', message: `"${value}" is not true or false` }];
      break;
    case 'date': {
      const match = DATE.exec(value);
      if (!match || !validCalendarDate(match[1], match[2], match[3])) return [{ code: 'invalid_format', message: `"${value}" is not a date (YYYY-MM-DD)` }];
      break;
    }
    case 'dateTime': {
      const match = DATE_TIME.exec(value);
      if (!match || !validCalendarDate(match[1], match[2], match[3]) || Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59) {
        return [{ code: 'invalid_format', message: `"${value}" is not a date and time (YYYY-MM-DDThh:mm:ss)` }];
      }
      break;
    }
    default:
      break;
  }
  if (type.enumeration && !type.enumeration.includes(value)) {
    const shown = type.enumeration.length <= 12 ? `: one of ${type.enumeration.join(', ')}` : '';
    problems.push({ code: 'invalid_code', message: `"${value}" is not in the code list${label}${shown}` });
    return problems;
  }
  const length = [...value].length;
  if (type.length !== undefined && length !== type.length) problems.push({ code: 'invalid_format', message: `must be exactly ${type.length} characters` });
  if (type.minLength !== undefined && length < type.minLength) problems.push({ code: 'too_short', message: `must be at least ${type.minLength} characters` });
  if (type.maxLength !== undefined && length > type.maxLength) problems.push({ code: 'too_long', message: `must be at most ${type.maxLength} characters (has ${length})` });
  for (const source of type.patterns ?? []) {
    const pattern = xsdPattern(source);
    if (pattern && !pattern.test(value)) problems.push({ code: 'pattern_mismatch', message: `"${value}" does not match the pattern ${source}${label}` });
  }
  if (type.base === 'decimal' || type.base === 'integer' || type.base === 'int') {
    if (type.minInclusive !== undefined && compareNumbers(value, type.minInclusive) < 0) problems.push({ code: 'out_of_range', message: `must be at least ${type.minInclusive}` });
    if (type.maxInclusive !== undefined && compareNumbers(value, type.maxInclusive) > 0) problems.push({ code: 'out_of_range', message: `must be at most ${type.maxInclusive}` });
    if (type.minExclusive !== undefined && compareNumbers(value, type.minExclusive) <= 0) problems.push({ code: 'out_of_range', message: `must be greater than ${type.minExclusive}` });
    if (type.maxExclusive !== undefined && compareNumbers(value, type.maxExclusive) >= 0) problems.push({ code: 'out_of_range', message: `must be less than ${type.maxExclusive}` });
    const [whole, fraction = ''] = value.replace(/^[+-]/, '').split('.');
    const digits = (whole.replace(/^0+/, '') + fraction).length;
    if (type.totalDigits !== undefined && digits > type.totalDigits) problems.push({ code: 'too_many_digits', message: `must have at most ${type.totalDigits} digits` });
    if (type.fractionDigits !== undefined && fraction.length > type.fractionDigits) {
      problems.push({ code: 'too_many_digits', message: `must have at most ${type.fractionDigits} decimals` });
    }
  }
  return problems;
}
