import { transliterate } from 'transliteration';

export type NameKind = 'person' | 'organisation';

export interface NormalisedName {
  /** The kept tokens, sorted, joined by one space: only [a-z0-9 ]. */
  normalised: string;
  /** The kept tokens, sorted. */
  tokens: string[];
  /** Honorifics (persons) or legal forms (organisations) set aside, sorted. */
  removed: string[];
}

/**
 * Honorifics dropped from person names. Kept short on purpose: a title that is also a common given name or
 * surname (don, lord, king) would delete real name material. Generational suffixes (jr, sr) stay: they tell
 * a father from a son.
 */
export const HONORIFICS: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'mister', 'dr', 'prof', 'sir', 'dame', 'rev', 'mme', 'mlle', 'herr', 'frau',
  'sheikh', 'shaikh', 'shaykh', 'sheik', 'haj', 'hajj', 'haji', 'hajji', 'hadj', 'alhaj', 'alhajj', 'alhaji', 'elhadj',
]);

/** Company legal forms set aside for organisations (as single tokens once dots, slashes and dashes are gone). */
export const LEGAL_FORMS: ReadonlySet<string> = new Set([
  // English-speaking
  'llc', 'ltd', 'limited', 'plc', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llp', 'lp', 'pte', 'pty',
  // Continental Europe
  'gmbh', 'ag', 'kg', 'kgaa', 'ohg', 'ug', 'se', 'sa', 'sas', 'sasu', 'sarl', 'eurl', 'snc', 'srl', 'spa', 'sl', 'slu', 'bv', 'nv',
  'vof', 'cv', 'oy', 'oyj', 'ab', 'as', 'asa', 'aps', 'kft', 'zrt', 'nyrt', 'doo', 'dd', 'ad', 'ead', 'ltda',
  // Former Soviet Union (after transliteration: OOO, ZAO, ...)
  'ooo', 'zao', 'oao', 'pao', 'jsc', 'ojsc', 'cjsc', 'pjsc',
  // Middle East and Asia
  'fze', 'fzco', 'fzc', 'fz', 'wll', 'kk', 'bhd', 'sdn', 'tbk', 'pt',
]);

// Marks are stripped only after letters of scripts where they are accents, vowel points or harakat (Пётр = Петр,
// مُحَمَّد = محمد): Brahmic and South-East Asian scripts write vowels as combining marks, which must survive.
const ACCENTED_SCRIPTS = ['Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Common'];
const STRIP_MARKS_AFTER = new RegExp(`[${ACCENTED_SCRIPTS.map((script) => `\\p{Script=${script}}`).join('')}]`, 'u');
const BASE_WITH_MARKS = /(\P{M})(\p{M}+)/gu;
// Deleted rather than spaced: O'Brien = OBrien, and transliteration writes ' and ` inside words (Наталья, עברית).
const APOSTROPHES = /['`´ʹʻʼʽʾʿˈ‘’‛′]/gu;
const ACRONYM = /^[a-z](?:[./][a-z])+\.?$/;
const COMPACTABLE = /[./-]/g;

/**
 * Normalises a person or organisation name for matching: NFKC, case folding, diacritics removed, non-Latin scripts
 * transliterated, punctuation to spaces, honorifics (persons) or legal forms (organisations) set aside, tokens sorted.
 * Never throws.
 */
export function normaliseName(raw: string, kind: NameKind): NormalisedName {
  const kept: string[] = [];
  const removed: string[] = [];
  const setAside = kind === 'organisation' ? LEGAL_FORMS : HONORIFICS;
  const text = typeof raw === 'string' ? raw : '';
  // Whitespace-separated pieces are handled one by one, so token order cannot change the result.
  for (const piece of safeNfkc(text).split(/\s+/u)) {
    const latin = toLatin(piece);
    if (latin === '') continue;
    const compact = latin.replace(COMPACTABLE, '');
    if (setAside.has(compact)) {
      removed.push(compact); // S.A., B.V., Al-Haj, Dr.
      continue;
    }
    if (kind === 'organisation' && ACRONYM.test(latin)) {
      kept.push(compact); // I.B.M. = IBM
      continue;
    }
    for (const token of latin.split(/[^a-z0-9]+/)) {
      if (token === '') continue;
      if (setAside.has(token)) removed.push(token);
      else kept.push(token);
    }
  }
  // A name made only of set-aside words ("Company Ltd") keeps them: an empty name would match nothing.
  const tokens = (kept.length === 0 ? removed.splice(0) : kept).sort();
  return { normalised: tokens.join(' '), tokens, removed: removed.sort() };
}

/** One whitespace-free piece to lower-case Latin letters, digits and the punctuation left for splitting. */
function toLatin(piece: string): string {
  // Upper then lower approximates full case folding: ᾀ and ΐ fold like their capitals, ß like SS.
  let text = piece.toUpperCase().toLowerCase().replace(APOSTROPHES, '');
  text = text
    .normalize('NFD')
    .replace(BASE_WITH_MARKS, (whole, base: string) => (STRIP_MARKS_AFTER.test(base) ? base : whole))
    .normalize('NFC');
  text = safeTransliterate(text).toLowerCase();
  // Whatever transliteration left accented or unknown becomes plain letters or a separator.
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(APOSTROPHES, '').replace(/[^a-z0-9./-]+/g, ' ').trim();
}

function safeNfkc(text: string): string {
  try {
    return text.normalize('NFKC');
  } catch {
    return text;
  }
}

function safeTransliterate(text: string): string {
  try {
    return transliterate(text);
  } catch {
    return '';
  }
}
