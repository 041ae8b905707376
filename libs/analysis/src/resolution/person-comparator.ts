import jaroWinkler from 'talisman/metrics/jaro-winkler';
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import { transliterate } from 'transliteration';

/** What entity resolution compares of a person; every field is optional. */
export interface PersonRecord {
  givenName?: string;
  surname?: string;
  /** YYYYMMDD or YYYY-MM-DD. */
  dateOfBirth?: string;
  streetNumber?: string;
  street?: string;
  locality?: string;
  suburb?: string;
  postcode?: string;
  region?: string;
  /** A national id or similar number. */
  idNumber?: string;
}

export interface FieldEvidence {
  field: string;
  level: string;
  weight: number;
}

export interface Comparison {
  score: number;
  decision: 'match' | 'possible' | 'non_match';
  evidence: FieldEvidence[];
}

/**
 * Fellegi-Sunter style weights: for each field and agreement level, log2(m/u), where m is how
 * often true matches agree at that level and u how often non-matches do. The m and u values are
 * set by hand from what typical data-entry errors look like (and checked on the FEBRL sets), so
 * every score can be explained field by field. A missing value contributes nothing.
 */
const W = (m: number, u: number) => Math.log2(m / u);
const WEIGHTS = {
  name: { exact: W(0.85, 0.005), close: W(0.1, 0.01), similar: W(0.03, 0.05), differ: W(0.02, 0.94) },
  dob: { exact: W(0.8, 0.0003), transposed: W(0.06, 0.0003), one_digit: W(0.08, 0.003), year: W(0.03, 0.05), differ: W(0.03, 0.95) },
  id: { exact: W(0.85, 0.00001), one_digit: W(0.1, 0.0001), differ: W(0.05, 0.9999) },
  postcode: { exact: W(0.85, 0.01), one_digit: W(0.08, 0.05), differ: W(0.07, 0.94) },
  text: { exact: W(0.8, 0.01), close: W(0.12, 0.02), differ: W(0.08, 0.97) },
  number: { exact: W(0.8, 0.05), differ: W(0.2, 0.95) },
};
export const MATCH_THRESHOLD = 12;
export const POSSIBLE_THRESHOLD = 6;

// Non-ASCII text (accents, other scripts) goes through the full name normaliser first: 'Müller' meets 'Muller', 'Иванов' meets 'Ivanov'.
const latin = (value: string) => (/[^\x20-\x7e]/.test(value) ? transliterate(value.normalize('NFKD').replace(/\p{M}/gu, '')) : value);
const clean = (value?: string) => latin(value ?? '').toLowerCase().replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
const digits = (value?: string) => (value ?? '').replace(/\D/g, '');

function differByOneDigit(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let differences = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) differences += 1;
  if (differences === 1) return true;
  // Two neighbouring digits swapped: a common keying error.
  if (differences === 2) {
    for (let i = 0; i < a.length - 1; i += 1) if (a[i] !== b[i]) return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return false;
}

function nameLevel(a: string, b: string): keyof typeof WEIGHTS.name {
  if (a === b) return 'exact';
  const similarity = jaroWinkler(a, b);
  if (similarity >= 0.92) return 'close';
  if (similarity >= 0.85 || doubleMetaphone(a)[0] === doubleMetaphone(b)[0]) return 'similar';
  return 'differ';
}

/** Scores a pair of person records; names are also tried swapped, as forms often get them reversed. */
export function comparePersons(left: PersonRecord, right: PersonRecord): Comparison {
  const evidence: FieldEvidence[] = [];
  const add = (field: string, level: string, weight: number) => evidence.push({ field, level, weight });

  const [g1, s1, g2, s2] = [clean(left.givenName), clean(left.surname), clean(right.givenName), clean(right.surname)];
  const straight = [g1 && g2 ? nameLevel(g1, g2) : null, s1 && s2 ? nameLevel(s1, s2) : null] as const;
  const swapped = [g1 && s2 ? nameLevel(g1, s2) : null, s1 && g2 ? nameLevel(s1, g2) : null] as const;
  const total = (levels: readonly (keyof typeof WEIGHTS.name | null)[]) => levels.reduce((sum, level) => sum + (level ? WEIGHTS.name[level] : 0), 0);
  const useSwapped = total(swapped) > total(straight) + 1;
  const [given, surname] = useSwapped ? swapped : straight;
  if (given) add(useSwapped ? 'given_name~surname' : 'given_name', given, WEIGHTS.name[given]);
  if (surname) add(useSwapped ? 'surname~given_name' : 'surname', surname, WEIGHTS.name[surname]);

  const [d1, d2] = [digits(left.dateOfBirth), digits(right.dateOfBirth)];
  if (d1.length === 8 && d2.length === 8) {
    const transposed = d1.slice(0, 4) === d2.slice(0, 4) && d1.slice(4, 6) === d2.slice(6, 8) && d1.slice(6, 8) === d2.slice(4, 6);
    const level = d1 === d2 ? 'exact' : transposed ? 'transposed' : differByOneDigit(d1, d2) ? 'one_digit' : d1.slice(0, 4) === d2.slice(0, 4) ? 'year' : 'differ';
    add('date_of_birth', level, WEIGHTS.dob[level]);
  }
  const [i1, i2] = [digits(left.idNumber), digits(right.idNumber)];
  if (i1 && i2) {
    const level = i1 === i2 ? 'exact' : differByOneDigit(i1, i2) ? 'one_digit' : 'differ';
    add('id_number', level, WEIGHTS.id[level]);
  }
  const [p1, p2] = [digits(left.postcode), digits(right.postcode)];
  if (p1 && p2) {
    const level = p1 === p2 ? 'exact' : differByOneDigit(p1, p2) ? 'one_digit' : 'differ';
    add('postcode', level, WEIGHTS.postcode[level]);
  }
  for (const field of ['street', 'locality', 'suburb'] as const) {
    const [a, b] = [clean(left[field]), clean(right[field])];
    if (!a || !b) continue;
    const level = a === b ? 'exact' : jaroWinkler(a, b) >= 0.9 ? 'close' : 'differ';
    add(field, level, WEIGHTS.text[level]);
  }
  const [n1, n2] = [clean(left.streetNumber), clean(right.streetNumber)];
  if (n1 && n2) add('street_number', n1 === n2 ? 'exact' : 'differ', WEIGHTS.number[n1 === n2 ? 'exact' : 'differ']);

  const score = evidence.reduce((sum, item) => sum + item.weight, 0);
  return { score, decision: score >= MATCH_THRESHOLD ? 'match' : score >= POSSIBLE_THRESHOLD ? 'possible' : 'non_match', evidence };
}

/** Blocking keys: a pair is compared only when the two records share at least one. */
export function blockingKeys(record: PersonRecord): string[] {
  const keys: string[] = [];
  const surname = clean(record.surname);
  const given = clean(record.givenName);
  const dob = digits(record.dateOfBirth);
  if (surname) keys.push(`s:${doubleMetaphone(surname)[0]}`);
  if (given) keys.push(`g:${doubleMetaphone(given)[0]}:${dob.slice(0, 4)}`);
  if (dob.length === 8) keys.push(`d:${dob}`);
  if (digits(record.idNumber)) keys.push(`i:${digits(record.idNumber)}`);
  if (digits(record.postcode) && (given || surname)) keys.push(`p:${digits(record.postcode)}:${(given || surname)[0]}`);
  return keys;
}
