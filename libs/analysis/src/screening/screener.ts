import jaroWinkler from 'talisman/metrics/jaro-winkler';
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import { normaliseName } from '../normalisation/names';
import { countryCode, SanctionEntry } from './sanction-entry';

export interface ScreeningQuery {
  name: string;
  dateOfBirth?: string;
  country?: string;
}

export interface ScreeningHit {
  score: number;
  entry: { source: string; sourceRef: string; kind: string; name: string; programs: string[] };
  matchedName: string;
  explanation: string[];
}

interface IndexedName {
  entry: number;
  text: string;
  tokens: string[];
}

export const DEFAULT_SCREENING_THRESHOLD = 0.85;
// A token on more than this share of the listed names (or this short) cannot make a hit on its own.
const RARE_SHARE = 0.005;
const RARE_MIN_COUNT = 4;
const TOKEN_MATCH = 0.9;

// Legal forms (LTD, CORP, LLC...) are set aside for every name: they say nothing about who is listed.
const tokensOf = (text: string) => normaliseName(text, 'organisation').tokens.filter((token) => token.length > 0);

// One typo (a letter replaced, left out, added or two swapped) in a token this long is still a match.
const ONE_EDIT_LENGTH = 5;

/** Optimal string alignment distance, or limit + 1 as soon as it must exceed limit. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let [before, previous] = [new Array<number>(b.length + 1).fill(0), Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    if (Math.min(...current) > limit) return limit + 1;
    [before, previous] = [previous, current];
  }
  return previous[b.length];
}

/**
 * The keys a token is found by, in one of two indexes (rare tokens, or tokens of all-common
 * names): itself, its phonetic key and, for long tokens, every form with one letter left out (a
 * "symmetric delete" index: two tokens one edit apart share one of these).
 */
function tokenKeys(token: string, space: 'rare' | 'common'): string[] {
  const keys = [`${space}:t:${token}`, `${space}:p:${doubleMetaphone(token)[0]}`];
  if (token.length >= ONE_EDIT_LENGTH) for (let i = 0; i < token.length; i += 1) keys.push(`${space}:d:${token.slice(0, i)}${token.slice(i + 1)}`);
  return keys;
}

function tokenSimilarity(candidate: string, token: string): number {
  if (candidate === token) return 1;
  const jw = jaroWinkler(candidate, token);
  // Same phonetic key and same first letter: a transliteration variant (Mohamed, Muhammad).
  if (candidate[0] === token[0] && doubleMetaphone(candidate)[0] === doubleMetaphone(token)[0]) return Math.max(jw, 0.92);
  if (Math.min(candidate.length, token.length) >= ONE_EDIT_LENGTH && editDistance(candidate, token, 1) <= 1) return Math.max(jw, TOKEN_MATCH);
  return jw;
}

/**
 * Name screening against loaded lists. Tokens are weighted by how rare they are on the lists
 * (IDF), so "CORP", "TRADING" or "AL" add little; a hit needs at least one rare token to match.
 * Tokens match exactly, within a Jaro-Winkler distance (typos, transliteration variants) or by
 * phonetic key; order does not matter and a missing middle name costs little. Date of birth and
 * nationality raise or lower the score. Every hit explains itself.
 */
export class Screener {
  private readonly names: IndexedName[] = [];
  private readonly byKey = new Map<string, Set<number>>();
  private readonly idf = new Map<string, number>();
  private rareIdf = 0;

  constructor(private readonly entries: SanctionEntry[]) {
    const documentFrequency = new Map<string, number>();
    entries.forEach((entry, index) => {
      for (const text of [entry.name, ...entry.aliases]) {
        const tokens = tokensOf(text);
        if (tokens.length === 0) continue;
        this.names.push({ entry: index, text, tokens });
        for (const token of new Set(tokens)) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
      }
    });
    const total = Math.max(1, this.names.length);
    for (const [token, frequency] of documentFrequency) this.idf.set(token, Math.log(total / frequency));
    this.rareIdf = Math.log(total / Math.max(RARE_MIN_COUNT, RARE_SHARE * total));
    // A hit needs a rare listed token to match (or the whole name, token for token), so only rare
    // tokens lead to candidates: a common given name no longer drags in thousands of listed names.
    this.names.forEach((name, position) => {
      const rare = [...new Set(name.tokens)].filter((token) => this.weight(token) >= this.rareIdf && token.length > 2);
      // Names made only of common tokens can hit only as a whole: they are found through their own keys.
      const space = rare.length ? 'rare' : 'common';
      for (const token of rare.length ? rare : new Set(name.tokens)) for (const key of tokenKeys(token, space)) this.index(key, position);
    });
  }

  private index(key: string, position: number): void {
    if (!this.byKey.has(key)) this.byKey.set(key, new Set());
    this.byKey.get(key)!.add(position);
  }

  get size(): number {
    return this.entries.length;
  }

  screen(query: ScreeningQuery, threshold = 0.5, limit = 10): ScreeningHit[] {
    // Repeated tokens are kept ("MOHAMED OMAR MOHAMED"): each matches one listed token.
    const queryTokens = tokensOf(query.name);
    if (queryTokens.length === 0) return [];
    const candidates = new Set<number>();
    for (const token of new Set(queryTokens)) {
      for (const key of [...tokenKeys(token, 'rare'), ...tokenKeys(token, 'common')]) for (const position of this.byKey.get(key) ?? []) candidates.add(position);
    }
    const best = new Map<number, ScreeningHit>();
    for (const position of candidates) {
      const hit = this.score(queryTokens, this.names[position], query);
      if (!hit || hit.score < threshold) continue;
      const previous = best.get(this.names[position].entry);
      if (!previous || hit.score > previous.score) best.set(this.names[position].entry, hit);
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }

  private weight(token: string): number {
    // Unknown tokens count as rare; initials count as common. Two-letter tokens weigh what the lists say:
    // "al" is common there, but an unmatched "Du" or "Ho" is a surname that a hit must account for.
    return token.length <= 1 ? 0.5 : (this.idf.get(token) ?? Math.log(Math.max(2, this.names.length)));
  }

  private score(queryTokens: string[], name: IndexedName, query: ScreeningQuery): ScreeningHit | null {
    const explanation: string[] = [];
    const used = new Set<number>();
    let matched = 0;
    let queryWeight = 0;
    let rareMatched = false;
    for (const token of queryTokens) {
      let bestIndex = -1;
      let bestSimilarity = 0;
      name.tokens.forEach((candidate, index) => {
        if (used.has(index)) return;
        const similarity = tokenSimilarity(candidate, token);
        if (similarity > bestSimilarity) [bestIndex, bestSimilarity] = [index, similarity];
      });
      if (bestIndex < 0 || bestSimilarity < TOKEN_MATCH) {
        queryWeight += this.weight(token);
        continue;
      }
      used.add(bestIndex);
      // A query token that matches a listed token weighs what that token weighs: a misspelt "Mohamed" is
      // unknown to the lists, hence "rare", but it is still the common name.
      const tokenWeight = Math.min(this.weight(token), this.weight(name.tokens[bestIndex]));
      queryWeight += tokenWeight;
      const weight = tokenWeight * bestSimilarity;
      matched += weight;
      if (this.weight(name.tokens[bestIndex]) >= this.rareIdf && token.length > 2) rareMatched = true;
      explanation.push(`"${token}" ~ "${name.tokens[bestIndex]}" (${bestSimilarity.toFixed(2)}, weight ${weight.toFixed(1)})`);
    }
    // A name made only of common tokens still hits when it is the whole listed name, token for token.
    const complete = used.size === name.tokens.length && used.size === queryTokens.length && name.tokens.filter((token) => token.length > 2).length >= 2;
    if (!rareMatched && !complete) return null;
    const entry = this.entries[name.entry];
    let nameWeight = name.tokens.reduce((sum, token) => sum + this.weight(token), 0);
    // A person named by two or more of their listed names, every one of them matched, is the same
    // person with a middle name left out: the listed names the query skips count half.
    if (entry.kind === 'person' && used.size >= 2 && used.size === queryTokens.length) {
      const usedWeight = [...used].reduce((sum, index) => sum + this.weight(name.tokens[index]), 0);
      nameWeight = usedWeight + 0.5 * (nameWeight - usedWeight);
    }
    // Coverage of the query counts most; coverage of the listed name less, so a missing middle name costs little.
    let score = 0.6 * (matched / queryWeight) + 0.4 * (matched / nameWeight);
    if (query.dateOfBirth && entry.datesOfBirth.length) {
      const year = query.dateOfBirth.slice(0, 4);
      if (entry.datesOfBirth.some((dob) => query.dateOfBirth!.startsWith(dob) || dob.startsWith(query.dateOfBirth!.slice(0, 10)))) {
        score += 0.1;
        explanation.push('date of birth agrees');
      } else if (entry.datesOfBirth.some((dob) => dob.startsWith(year))) {
        explanation.push('year of birth agrees');
      } else {
        score -= 0.25;
        explanation.push(`date of birth differs (listed: ${entry.datesOfBirth.join(', ')})`);
      }
    }
    if (query.country && entry.nationalities.length) {
      const code = countryCode(query.country);
      if (entry.nationalities.includes(code)) {
        score += 0.05;
        explanation.push('nationality agrees');
      } else {
        score -= 0.1;
        explanation.push(`nationality differs (listed: ${entry.nationalities.join(', ')})`);
      }
    }
    return {
      score: Math.max(0, Math.min(1, score)),
      entry: { source: entry.source, sourceRef: entry.sourceRef, kind: entry.kind, name: entry.name, programs: entry.programs },
      matchedName: name.text,
      explanation,
    };
  }
}
