import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A phone number in E.164 (+31612345678) when libphonenumber-js judges it valid; otherwise null.
 * `defaultCountry` is what goAML keeps apart from the number: an ISO country (NL) or a calling-code prefix
 * (31, +31, 0031); it is used only when the number is not already international. Extensions are dropped.
 * The 'max' metadata is used: the default 'min' metadata checks only lengths, so isValid() would accept
 * numbers no operator can have. Never throws.
 */
export function normalisePhone(raw: string, defaultCountry?: string): string | null {
  if (typeof raw !== 'string' || raw.length > 250) return null;
  try {
    const text = raw.normalize('NFKC').trim();
    const prefix = typeof defaultCountry === 'string' ? defaultCountry.trim() : '';
    const country = prefix.toUpperCase();
    let parsed;
    if (/^[A-Z]{2}$/.test(country) && isSupportedCountry(country)) {
      parsed = parsePhoneNumberFromString(text, country);
    } else {
      // Without a country there is no known international prefix: 00 is the usual one, outside North America.
      const international = text.replace(/^00(?=[1-9])/, '+');
      const callingCode = /^(?:\+|00)?([1-9]\d{0,2})$/.exec(prefix)?.[1];
      parsed = parsePhoneNumberFromString(international, callingCode === undefined ? undefined : { defaultCallingCode: callingCode });
    }
    return parsed !== undefined && parsed.isValid() ? parsed.number : null;
  } catch {
    return null;
  }
}
