/** The small vocabulary that entity resolution compares identity documents in. */
export type DocumentType = 'PASSPORT' | 'NATIONAL_ID' | 'DRIVING_LICENCE' | 'SSN' | `OTHER_${string}` | 'OTHER';

// goAML identifier type codes (t_person_identification/type) and the party_identifier kinds the report mapper writes.
const DOCUMENT_TYPES: ReadonlyMap<string, DocumentType> = new Map([
  ['PASSP', 'PASSPORT'],
  ['PASSPORT', 'PASSPORT'],
  ['PASSPORT_NUMBER', 'PASSPORT'],
  ['EID', 'NATIONAL_ID'],
  ['NATID', 'NATIONAL_ID'],
  ['ID_NUMBER', 'NATIONAL_ID'],
  ['NATIONAL_ID', 'NATIONAL_ID'],
  ['DRIVL', 'DRIVING_LICENCE'],
  ['DRIVING_LICENCE', 'DRIVING_LICENCE'],
  ['SSN', 'SSN'],
]);

/** Values filers type when they have no number; matching on them would link every party that lacks one. */
const PLACEHOLDERS: ReadonlySet<string> = new Set(['NA', 'NONE', 'NIL', 'NULL', 'UNKNOWN']);
const SEPARATORS = /[\s./\\\-‐‑‒–—]/gu;

/**
 * A document identifier as TYPE:CC:NUMBER, e.g. PASSPORT:NL:NP1234567. The type is mapped to a small vocabulary
 * (unknown codes become OTHER_<CODE>); the country must be two letters, else XX; the number is upper-cased and
 * stripped of whitespace, dots, dashes and slashes. Null when the number is empty or a placeholder. Never throws.
 */
export function normaliseDocumentId(type: string, issuingCountry: string | null, number: string): string | null {
  const value = normaliseNumber(number);
  return value === null ? null : `${documentType(type)}:${countryCode(issuingCountry)}:${value}`;
}

/** A company registration number as REG:CC:NUMBER. Leading zeros are kept: registers print them. Never throws. */
export function normaliseRegistrationNumber(number: string, country: string | null): string | null {
  const value = normaliseNumber(number);
  return value === null ? null : `REG:${countryCode(country)}:${value}`;
}

export function documentType(type: string): DocumentType {
  const code = typeof type === 'string' ? type.normalize('NFKC').trim().toUpperCase().replace(/[\s-]+/g, '_') : '';
  const known = DOCUMENT_TYPES.get(code);
  if (known !== undefined) return known;
  // Only [A-Z0-9_] so that a code can never add a ':' to the key.
  const safe = code.replace(/[^A-Z0-9_]/g, '');
  return safe === '' ? 'OTHER' : `OTHER_${safe}`;
}

function countryCode(country: string | null): string {
  const code = typeof country === 'string' ? country.trim() : '';
  // Tested before upper-casing: 'ı'.toUpperCase() is 'I'.
  return /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : 'XX';
}

function normaliseNumber(number: string): string | null {
  if (typeof number !== 'string' || number.length > 256) return null;
  const value = number.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
  return value === '' || PLACEHOLDERS.has(value) || /^0+$/.test(value) ? null : value;
}
