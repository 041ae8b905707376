// ISO 3166-1 alpha-2 and ISO 4217 come with Node's ICU data: no list to maintain here.
// ICU leaves out the precious metals, fund and testing codes that ISO 4217 also assigns.
const EXTRA_ISO_4217 = ['XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'XTS', 'XXX', 'XBA', 'XBB', 'XBC', 'XBD', 'XSU', 'XUA', 'BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW', 'VED'];
const currencies = new Set([...Intl.supportedValuesOf('currency'), ...EXTRA_ISO_4217]);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
// Codes ICU knows as regions but ISO 3166-1 does not assign to a country.
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);
const countryCache = new Map<string, boolean>();

export function isIsoCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencies.has(code);
}

export function isIsoCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  let known = countryCache.get(code);
  if (known === undefined) {
    known = regionNames.of(code) !== code;
    countryCache.set(code, known);
  }
  return known;
}
