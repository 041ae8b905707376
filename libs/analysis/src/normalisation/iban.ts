import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';

export interface NormalisedBic {
  /** The BIC as written, upper-cased: 8 or 11 characters. */
  bic: string;
  /**
   * Institution and location (the first 8 characters). ABNANL2A and ABNANL2AXXX (XXX = primary office) are the same
   * office and share it; a branch code other than XXX is a branch of that institution.
   */
  bic8: string;
}

// Free text often writes "IBAN: NL91 ..."; no IBAN country code is "IB", so the prefix is never part of one.
const IBAN_PREFIX = /^iban:?/i;
const SEPARATORS = /[\s\-‐‑‒–—]/gu;

/**
 * The electronic form of an IBAN (no separators, upper case) when its length, BBAN structure and mod-97 check digits
 * are valid for its country; otherwise null. Never throws.
 */
export function normaliseIban(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > 128) return null;
  const compact = raw.normalize('NFKC').trim().replace(IBAN_PREFIX, '').replace(SEPARATORS, '');
  // Checked before upper-casing: 'ſ'.toUpperCase() is 'S'.
  if (!/^[A-Za-z0-9]+$/.test(compact)) return null;
  const iban = electronicFormatIBAN(compact);
  return iban !== null && isValidIBAN(iban) ? iban : null;
}

/** An 8- or 11-character BIC (SWIFT code) with a known country, upper-cased; otherwise null. Never throws. */
export function normaliseBic(raw: string): NormalisedBic | null {
  if (typeof raw !== 'string' || raw.length > 64) return null;
  const compact = raw.normalize('NFKC').replace(/\s/gu, '');
  if (!/^[A-Za-z0-9]{8}(?:[A-Za-z0-9]{3})?$/.test(compact)) return null;
  const bic = compact.toUpperCase();
  return isValidBIC(bic) ? { bic, bic8: bic.slice(0, 8) } : null;
}
