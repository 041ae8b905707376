/**
 * eval:screening — recall and false-positive rate of the sanctions name screener (Screener) at
 * DEFAULT_SCREENING_THRESHOLD, against the UN consolidated list.
 *
 * Usage: npm run eval:screening [-- <UN consolidated XML>]
 *   The list defaults to $FIU_SHARED_DATA/sanctions/UN_consolidated.xml (FIU_SHARED_DATA defaults to
 *   ../shared/data beside the repository); negatives come from $FIU_SHARED_DATA/febrl/dataset*.csv.
 *   EVAL_SEED (default 1) changes the deterministic sample; EVAL_VERBOSE=1 lists misses and false hits.
 *
 * Positives (labelled with the UN reference number of the entry they were made from): 1,000 queries,
 * an equal share of each variant kind, each made from the primary name of a sampled entry —
 *   typo             one substitution, deletion or transposition in a token of 5+ letters (never the first letter)
 *   reorder          the tokens shuffled into another order
 *   drop-token       one middle token left out (names of 3+ tokens)
 *   transliteration  a common spelling variant of an Arabic name (Mohammed/Muhammad, Abdul/Abd al, Hussein/Husain ...)
 *                    or a letter-level one (ou/u, ee/i, kh/h, q/k, sh/ch, j/dj ...) — individuals only
 *   original-script  the name as the list writes it in its original script (NAME_ORIGINAL_SCRIPT, mostly Arabic);
 *                    it is on the list as an alias too, so this checks that both sides normalise alike
 * Negatives: 5,000 real-looking names that are not on the list — 4,000 FEBRL person names (given name and
 * surname of the `-org` records, de-duplicated) and 1,000 company names built from FEBRL surnames and generic
 * words that also occur on the list ("<Surname> Trading LLC", "<Surname> Industrial Services Corporation" ...),
 * so generic tokens must not make a hit. A negative that equals a listed name or alias once normalised is
 * dropped rather than mislabelled.
 *
 * Figures (hits are those at or above the default threshold):
 *   recall    = positives whose own entry is among the hits / positives
 *   fpr       = negatives with any hit / negatives
 *   precision = positives whose own entry is among the hits / all queries (positive or negative) with any hit
 *   f1        = harmonic mean of precision and recall
 * Prints recall per variant kind and the number of queries, then one machine-readable line:
 *   precision=<p> recall=<r> f1=<f> fpr=<x>
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normaliseName } from '../../libs/analysis/src/normalisation/names';
import { parseUnList } from '../../libs/analysis/src/screening/list-parsers';
import type { SanctionEntry } from '../../libs/analysis/src/screening/sanction-entry';
import { DEFAULT_SCREENING_THRESHOLD, Screener, ScreeningHit } from '../../libs/analysis/src/screening/screener';

const POSITIVES = 1000;
const PERSON_NEGATIVES = 4000;
const COMPANY_NEGATIVES = 1000;
const KINDS = ['typo', 'reorder', 'drop-token', 'transliteration', 'original-script'] as const;
type Kind = (typeof KINDS)[number];

/** mulberry32: a small seeded PRNG, so every run with the same EVAL_SEED draws the same sample. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(Number(process.env.EVAL_SEED ?? 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const tokens = (name: string) => name.split(/\s+/).filter(Boolean);
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{M}]/u;
const titleCase = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

function typo(name: string): string | null {
  const words = tokens(name);
  const long = words.map((word, index) => ({ word, index })).filter(({ word }) => /^\p{L}{5,}$/u.test(word));
  if (long.length === 0) return null;
  const { word, index } = pick(long);
  const at = 1 + Math.floor(random() * (word.length - 1));
  let changed: string;
  switch (pick(['substitution', 'deletion', 'transposition'])) {
    case 'substitution': {
      const letter = pick(LETTERS.replace(word[at].toLowerCase(), '').split(''));
      changed = word.slice(0, at) + (word[at] === word[at].toUpperCase() ? letter.toUpperCase() : letter) + word.slice(at + 1);
      break;
    }
    case 'deletion':
      changed = word.slice(0, at) + word.slice(at + 1);
      break;
    default: {
      const from = Math.min(at, word.length - 2);
      changed = word.slice(0, from) + word[from + 1] + word[from] + word.slice(from + 2);
    }
  }
  if (changed === word) return null;
  words[index] = changed;
  return words.join(' ');
}

function reorder(name: string): string | null {
  const words = tokens(name);
  if (words.length < 2) return null;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const order = shuffled(words);
    if (order.join(' ') !== words.join(' ')) return order.join(' ');
  }
  return null;
}

function dropToken(name: string): string | null {
  const words = tokens(name);
  if (words.length < 3) return null;
  words.splice(1 + Math.floor(random() * (words.length - 2)), 1);
  return words.join(' ');
}

// Spelling families of common Arabic names and name parts, as they appear on lists and in reports.
const FAMILIES = [
  ['mohammed', 'muhammad', 'mohamed', 'mohammad', 'muhammed', 'mohamad'],
  ['ahmed', 'ahmad'],
  ['hussein', 'husain', 'hussain', 'husayn'],
  ['hassan', 'hasan'],
  ['osama', 'usama'],
  ['omar', 'umar'],
  ['yusuf', 'yousef', 'youssef', 'yousuf'],
  ['abu', 'abou'],
  ['abdul', 'abd al', 'abdel', 'abd el'],
  ['abdullah', 'abdallah', 'abdalla'],
  ['mahmoud', 'mahmud'],
  ['mustafa', 'mostafa', 'moustafa'],
  ['khalid', 'khaled'],
  ['qasim', 'qassim', 'kassem', 'kasim'],
  ['rahman', 'rehman'],
  ['hamid', 'hamed'],
  ['said', 'saeed', 'sayed'],
  ['al', 'el'],
];
// Letter-level transliteration differences, applied within one token.
const LETTER_RULES: [RegExp, string][] = [
  [/ou/i, 'u'],
  [/(?<=[^aeiou])u(?=[^aeiou])/i, 'ou'],
  [/ee/i, 'i'],
  [/(?<=[^aeiou])i(?=[^aeiou])/i, 'ee'],
  [/kh/i, 'h'],
  [/q/i, 'k'],
  [/sh/i, 'ch'],
  [/j/i, 'dj'],
  [/aa/i, 'a'],
  [/oo/i, 'u'],
  [/dh/i, 'z'],
  [/y$/i, 'i'],
];

function transliteration(name: string): string | null {
  const words = tokens(name.replace(/-/g, ' '));
  const lower = words.map((word) => word.toLowerCase());
  const family: { at: number; length: number; to: string }[] = [];
  for (const spellings of FAMILIES) {
    for (const spelling of spellings) {
      const parts = spelling.split(' ');
      lower.forEach((_, at) => {
        if (parts.every((part, k) => lower[at + k] === part)) family.push({ at, length: parts.length, to: pick(spellings.filter((other) => other !== spelling)) });
      });
    }
  }
  // Whole-name spelling variants first (they are the common ones); letter-level rules otherwise.
  const named = family.filter((change) => change.to !== 'el' && lower[change.at] !== 'al');
  const change = named.length ? pick(named) : family.length && random() < 0.3 ? pick(family) : null;
  if (change) {
    words.splice(change.at, change.length, ...change.to.split(' ').map(titleCase));
    return words.join(' ');
  }
  const options = words.flatMap((word, index) => LETTER_RULES.filter(([rule]) => word.length >= 4 && rule.test(word)).map((rule) => ({ index, rule })));
  if (options.length === 0) return null;
  const { index, rule } = pick(options);
  words[index] = words[index].replace(rule[0], rule[1]);
  return words.join(' ');
}

function originalScript(entry: SanctionEntry): string | null {
  const originals = entry.aliases.filter((alias) => NON_LATIN.test(alias));
  return originals.length ? pick(originals) : null;
}

function makeVariant(kind: Kind, entry: SanctionEntry): string | null {
  switch (kind) {
    case 'typo':
      return typo(entry.name);
    case 'reorder':
      return reorder(entry.name);
    case 'drop-token':
      return dropToken(entry.name);
    case 'transliteration':
      return entry.kind === 'person' ? transliteration(entry.name) : null;
    case 'original-script':
      return originalScript(entry);
  }
}

function readFebrl(root: string): { given: string; surname: string }[] {
  const seen = new Set<string>();
  const people: { given: string; surname: string }[] = [];
  for (const file of ['dataset1.csv', 'dataset2.csv', 'dataset3.csv']) {
    const [header, ...lines] = readFileSync(join(root, 'febrl', file), 'utf8').split(/\r?\n/).filter((line) => line.trim());
    const columns = header.split(',').map((column) => column.trim());
    for (const line of lines) {
      const cells = line.split(',').map((cell) => cell.trim());
      const [id, given, surname] = [cells[columns.indexOf('rec_id')], cells[columns.indexOf('given_name')], cells[columns.indexOf('surname')]];
      // Only the original records: the -dup- ones are typo'd copies of them.
      if (!id?.endsWith('-org') || !given || !surname) continue;
      const key = `${given} ${surname}`;
      if (seen.has(key)) continue;
      seen.add(key);
      people.push({ given: titleCase(given), surname: titleCase(surname) });
    }
  }
  return people;
}

const COMPANY_FORMS = [
  (g: string, s: string) => `${s} Trading LLC`,
  (g: string, s: string) => `${s} & Sons Ltd`,
  (g: string, s: string) => `${s} International Holdings`,
  (g: string, s: string) => `Global ${s} Group`,
  (g: string, s: string) => `${g} ${s} Import Export Co`,
  (g: string, s: string) => `${s} General Trading Company`,
  (g: string, s: string) => `${s} Industrial Services Corporation`,
  (g: string, s: string) => `${s} Oil and Gas Company`,
  (g: string, s: string) => `${s} Aviation Services`,
  (g: string, s: string) => `${s} Shipping Company Limited`,
  (g: string, s: string) => `${s} Chemical Industries`,
  (g: string, s: string) => `${s} Foundation for Relief and Development`,
];

interface Query {
  name: string;
  kind: Kind | 'person' | 'company';
  expected?: SanctionEntry;
}

async function main() {
  const root = process.env.FIU_SHARED_DATA ?? resolve(__dirname, '../../../shared/data');
  const unFile = process.argv[2] ?? join(root, 'sanctions', 'UN_consolidated.xml');
  const started = process.hrtime.bigint();
  const entries = await parseUnList(readFileSync(unFile));
  const screener = new Screener(entries);
  const listed = new Set(entries.flatMap((entry) => [entry.name, ...entry.aliases]).map((name) => normaliseName(name, 'organisation').normalised));

  const queries: Query[] = [];
  const perKind = Math.ceil(POSITIVES / KINDS.length);
  for (const kind of KINDS) {
    const pool = shuffled(entries);
    let made = 0;
    // Entries without replacement while they last, then round again.
    for (let i = 0; made < perKind && i < pool.length * 3; i += 1) {
      const entry = pool[i % pool.length];
      const name = makeVariant(kind, entry);
      if (!name || name === entry.name) continue;
      queries.push({ name, kind, expected: entry });
      made += 1;
    }
  }
  const people = shuffled(readFebrl(root));
  let excluded = 0;
  const negative = (query: Query) => {
    if (listed.has(normaliseName(query.name, 'organisation').normalised)) excluded += 1;
    else queries.push(query);
  };
  people.slice(0, PERSON_NEGATIVES).forEach(({ given, surname }) => negative({ name: `${given} ${surname}`, kind: 'person' }));
  people.slice(PERSON_NEGATIVES, PERSON_NEGATIVES + COMPANY_NEGATIVES).forEach(({ given, surname }) => negative({ name: pick(COMPANY_FORMS)(given, surname), kind: 'company' }));

  const verbose = process.env.EVAL_VERBOSE === '1';
  const byKind = new Map<string, { queries: number; hit: number }>();
  let [positives, negatives, truePositives, wrongTop, negativesHit, queriesHit] = [0, 0, 0, 0, 0, 0];
  const screenStarted = process.hrtime.bigint();
  for (const query of queries) {
    const hits: ScreeningHit[] = screener.screen({ name: query.name }, DEFAULT_SCREENING_THRESHOLD, 10);
    const stats = byKind.get(query.kind) ?? { queries: 0, hit: 0 };
    byKind.set(query.kind, stats);
    stats.queries += 1;
    if (hits.length) queriesHit += 1;
    const describe = (hit: ScreeningHit) => `${hit.entry.sourceRef} "${hit.matchedName}" ${hit.score.toFixed(3)} [${hit.explanation.join('; ')}]`;
    if (query.expected) {
      positives += 1;
      const found = hits.some((hit) => hit.entry.sourceRef === query.expected!.sourceRef);
      if (found) [truePositives, stats.hit] = [truePositives + 1, stats.hit + 1];
      if (hits.length && hits[0].entry.sourceRef !== query.expected.sourceRef) wrongTop += 1;
      if (verbose && !found) {
        const best = screener.screen({ name: query.name }, 0, 10).find((hit) => hit.entry.sourceRef === query.expected!.sourceRef);
        process.stdout.write(`MISS ${query.kind}: "${query.name}" for ${query.expected.sourceRef} "${query.expected.name}": ${best ? describe(best) : 'not a candidate'}\n`);
      }
    } else {
      negatives += 1;
      if (hits.length) {
        negativesHit += 1;
        stats.hit += 1;
        if (verbose) process.stdout.write(`FALSE HIT ${query.kind}: "${query.name}" -> ${describe(hits[0])}\n`);
      }
    }
  }
  const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
  const recall = truePositives / Math.max(1, positives);
  const fpr = negativesHit / Math.max(1, negatives);
  const precision = truePositives / Math.max(1, queriesHit);
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);

  process.stdout.write(
    `${unFile}: ${entries.length} entries; threshold ${DEFAULT_SCREENING_THRESHOLD}; ${queries.length} queries ` +
      `(${positives} positives, ${negatives} negatives, ${excluded} negatives dropped as listed names), seed ${process.env.EVAL_SEED ?? 1}\n`,
  );
  for (const [kind, stats] of byKind) {
    const label = KINDS.includes(kind as Kind) ? 'recall' : 'false-positive rate';
    process.stdout.write(`  ${kind.padEnd(16)} ${String(stats.queries).padStart(5)} queries  ${label} ${(stats.hit / Math.max(1, stats.queries)).toFixed(4)}\n`);
  }
  process.stdout.write(`  positives whose top hit is another entry: ${wrongTop}\n`);
  // For reference, not counted above: listed entries that their own unaltered primary name does not find.
  const unfound = entries.filter((entry) => !screener.screen({ name: entry.name }, DEFAULT_SCREENING_THRESHOLD, 10).some((hit) => hit.entry.sourceRef === entry.sourceRef));
  process.stdout.write(`  entries not found by their exact primary name: ${unfound.length} of ${entries.length}${verbose ? ` (${unfound.map((entry) => `${entry.sourceRef} "${entry.name}"`).join(', ')})` : ''}\n`);
  process.stdout.write(`screened in ${seconds(screenStarted).toFixed(2)} s (${seconds(started).toFixed(2)} s in all)\n`);
  process.stdout.write(`precision=${precision.toFixed(4)} recall=${recall.toFixed(4)} f1=${f1.toFixed(4)} fpr=${fpr.toFixed(4)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
