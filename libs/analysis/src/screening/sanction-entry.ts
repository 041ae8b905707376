/** One listed person or organisation, as every list format is read into. */
export interface SanctionEntry {
  source: 'un' | 'ofac';
  sourceRef: string;
  kind: 'person' | 'entity' | 'vessel' | 'aircraft' | 'other';
  name: string;
  aliases: string[];
  /** YYYY-MM-DD or YYYY. */
  datesOfBirth: string[];
  /** ISO 3166-1 alpha-2 where the name is known, else as listed. */
  nationalities: string[];
  identifiers: string[];
  programs: string[];
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
let countryCodes: Map<string, string> | undefined;

/** ISO code of an English country name (or a code), for lists that write names. */
export function countryCode(value: string): string {
  const trimmed = value.trim();
  if (/^[A-Z]{2}$/.test(trimmed)) return trimmed;
  if (!countryCodes) {
    countryCodes = new Map();
    for (let a = 65; a <= 90; a += 1) {
      for (let b = 65; b <= 90; b += 1) {
        const code = String.fromCharCode(a, b);
        const name = regionNames.of(code);
        if (name && name !== code) countryCodes.set(name.toLowerCase(), code);
      }
    }
    // Names the lists use that differ from ICU's.
    for (const [name, code] of Object.entries({ 'russian federation': 'RU', 'iran (islamic republic of)': 'IR', 'syrian arab republic': 'SY', "democratic people's republic of korea": 'KP', 'democratic republic of the congo': 'CD', 'united states of america': 'US', 'viet nam': 'VN', 'libyan arab jamahiriya': 'LY', 'united republic of tanzania': 'TZ', 'bolivia (plurinational state of)': 'BO', 'venezuela (bolivarian republic of)': 'VE', 'korea, north': 'KP', 'burma': 'MM', 'united kingdom of great britain and northern ireland': 'GB' })) {
      countryCodes.set(name, code);
    }
  }
  return countryCodes.get(trimmed.toLowerCase()) ?? trimmed.toUpperCase();
}
