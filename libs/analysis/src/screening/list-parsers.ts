import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readXmlDocument } from '@fiu/reports';
import type { XmlElement } from '@fiu/reports';
import { countryCode, SanctionEntry } from './sanction-entry';

const text = (element: XmlElement | undefined, name: string) => element?.children.find((child) => child.name === name)?.text ?? '';
const all = (element: XmlElement, name: string) => element.children.filter((child) => child.name === name);
const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/** The UN Security Council consolidated list (XML), read with the same hardened reader as goAML. */
export async function parseUnList(xml: Buffer): Promise<SanctionEntry[]> {
  const root = await readXmlDocument(xml, { maxBytes: Math.max(xml.length, 1) });
  const entries: SanctionEntry[] = [];
  for (const group of root.children) {
    for (const item of group.children.filter((child) => child.name === 'INDIVIDUAL' || child.name === 'ENTITY')) {
      const person = item.name === 'INDIVIDUAL';
      const name = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((field) => text(item, field)).filter(Boolean).join(' ');
      const aliases = all(item, person ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS')
        .map((alias) => text(alias, 'ALIAS_NAME'))
        .concat(text(item, 'NAME_ORIGINAL_SCRIPT'))
        .filter(Boolean);
      const datesOfBirth = all(item, 'INDIVIDUAL_DATE_OF_BIRTH').flatMap((dob) => {
        const exact = text(dob, 'DATE');
        if (exact) return [exact.slice(0, 10)];
        const year = text(dob, 'YEAR');
        if (year) return [year];
        const [from, to] = [Number(text(dob, 'FROM_YEAR')), Number(text(dob, 'TO_YEAR'))];
        return from && to && to - from < 20 ? Array.from({ length: to - from + 1 }, (_, i) => String(from + i)) : [];
      });
      entries.push({
        source: 'un',
        sourceRef: text(item, 'REFERENCE_NUMBER') || text(item, 'DATAID'),
        kind: person ? 'person' : 'entity',
        name,
        aliases,
        datesOfBirth,
        nationalities: all(item, 'NATIONALITY').flatMap((nationality) => all(nationality, 'VALUE').map((value) => countryCode(value.text))).filter(Boolean),
        identifiers: all(item, 'INDIVIDUAL_DOCUMENT').map((document) => text(document, 'NUMBER')).filter(Boolean),
        programs: [text(item, 'UN_LIST_TYPE')].filter(Boolean),
      });
    }
  }
  return entries;
}

const NULL = '-0-';
const value = (cell: string | undefined) => (cell && cell.trim() !== NULL ? cell.trim() : '');

/** OFAC "LAST, First" to "First LAST"; organisations keep their name. */
function ofacName(raw: string, person: boolean): string {
  if (!person || !raw.includes(',')) return raw;
  const [last, ...first] = raw.split(',');
  return `${first.join(',').trim()} ${last.trim()}`.trim();
}

/** Dates of birth, nationalities and passport numbers from an SDN remarks field. */
function fromRemarks(remarks: string): Pick<SanctionEntry, 'datesOfBirth' | 'nationalities' | 'identifiers'> {
  const datesOfBirth: string[] = [];
  for (const match of remarks.matchAll(/DOB\s+((?:circa\s+)?(\d{1,2}\s+\w{3}\s+\d{4}|\w{3}\s+\d{4}|\d{4}))/gi)) {
    const parts = match[2].split(/\s+/);
    if (parts.length === 3) datesOfBirth.push(`${parts[2]}-${MONTHS[parts[1].toLowerCase()] ?? '01'}-${parts[0].padStart(2, '0')}`);
    else datesOfBirth.push(parts[parts.length - 1]);
  }
  const nationalities = [...remarks.matchAll(/nationality\s+([^;.]+)/gi)].map((match) => countryCode(match[1]));
  const identifiers = [...remarks.matchAll(/(?:Passport|National ID No\.|Cedula No\.|NIT #)\s+([A-Z0-9-]+)/gi)].map((match) => match[1]);
  return { datesOfBirth, nationalities, identifiers };
}

/** The OFAC SDN list in its legacy CSV form: sdn.csv with alt.csv (aliases) and add.csv (addresses). */
export function parseOfacFolder(folder: string): SanctionEntry[] {
  const read = (file: string) => parse(readFileSync(join(folder, file), 'latin1'), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  const aliases = new Map<string, string[]>();
  for (const row of read('alt.csv')) aliases.set(row[0], [...(aliases.get(row[0]) ?? []), value(row[3])].filter(Boolean));
  const countries = new Map<string, string[]>();
  for (const row of read('add.csv')) if (value(row[4])) countries.set(row[0], [...(countries.get(row[0]) ?? []), countryCode(value(row[4]))]);
  return read('sdn.csv')
    .filter((row) => /^\d+$/.test(row[0] ?? ''))
    .map((row) => {
      const type = value(row[2]).toLowerCase();
      const person = type === 'individual';
      const remarks = fromRemarks(value(row[11]));
      return {
        source: 'ofac' as const,
        sourceRef: row[0],
        kind: person ? 'person' : type === 'vessel' ? 'vessel' : type === 'aircraft' ? 'aircraft' : 'entity',
        name: ofacName(value(row[1]), person),
        aliases: (aliases.get(row[0]) ?? []).map((alias) => ofacName(alias, person)),
        datesOfBirth: remarks.datesOfBirth,
        nationalities: [...new Set(remarks.nationalities.length ? remarks.nationalities : person ? [] : (countries.get(row[0]) ?? []))],
        identifiers: remarks.identifiers,
        programs: value(row[3]).split(/[[\]]/).map((program) => program.trim()).filter(Boolean),
      } satisfies SanctionEntry;
    });
}
