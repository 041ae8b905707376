import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import type { PartyForAnalysis } from '@fiu/reports';
import { comparePersons, MATCH_THRESHOLD, PersonRecord, POSSIBLE_THRESHOLD } from './person-comparator';
import { PartySubjectLink, PossibleMatch, Subject } from './subject.entity';
import { ScreeningService } from '../screening/screening.service';
import { normaliseName } from '../normalisation/names';

export interface ResolutionSummary {
  parties: number;
  screeningHits: number;
  byIdentifier: number;
  probabilistic: number;
  newSubjects: number;
  possibleMatches: number;
}

// Identifiers that name one person, organisation or account; phone numbers and e-mails are shared too often.
const STRONG = new Set(['iban', 'passport', 'id_number', 'ssn', 'incorporation_number', 'tax_number']);
const CANDIDATES = 200;
/**
 * What a party could be matched on: its strong identifiers and, for persons, the blocking keys
 * (phonetic surname, birth date). Two reports whose parties could resolve to one subject share at
 * least one of these, so locking them (sorted, so two jobs never wait on each other in a circle)
 * keeps them from both creating the subject, while unrelated reports resolve in parallel.
 */
function lockKeys(party: PartyForAnalysis): string[] {
  const keys = identifierKeys(party);
  if (party.kind === 'person') {
    for (const surname of [clean(party.lastName), clean(party.lastName) || clean(party.displayName)]) {
      if (surname) keys.push(`nk:${doubleMetaphone(surname)[0]}`);
    }
    if (party.birthdate) keys.push(`dob:${party.birthdate}`);
  }
  return keys;
}

const clean = (value: string | null | undefined) => (value ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');

function identifierKeys(party: PartyForAnalysis): string[] {
  const keys = party.identifiers
    .filter((identifier) => STRONG.has(identifier.kind) || identifier.kind.startsWith('identification:'))
    .map((identifier) => `${identifier.kind.replace(/^identification:/, 'id:')}:${identifier.issuingCountry ?? ''}:${clean(identifier.value).toUpperCase()}`);
  return keys;
}

function personOf(subject: Pick<Subject, 'givenName' | 'surname' | 'birthdate' | 'postcode' | 'city' | 'street'>): PersonRecord {
  return {
    givenName: subject.givenName ?? undefined,
    surname: subject.surname ?? undefined,
    dateOfBirth: subject.birthdate ?? undefined,
    postcode: subject.postcode ?? undefined,
    suburb: subject.city ?? undefined,
    street: subject.street ?? undefined,
  };
}

/**
 * Links every party of a report to a subject: first by strong identifiers (deterministic), then,
 * for persons, by the Fellegi-Sunter comparator over candidates blocked in PostgreSQL (same
 * phonetic surname key or same date of birth). Borderline pairs become possible matches for an
 * analyst; every link keeps its score and reason. Running it twice changes nothing.
 */
@Injectable()
export class EntityResolutionService {
  constructor(private readonly screening: ScreeningService) {}

  async resolve(manager: EntityManager, parties: PartyForAnalysis[]): Promise<ResolutionSummary> {
    // A party whose identifier is already known links to that subject whatever else runs: only the
    // others, which may create a subject, take locks (so a busy account does not serialise its reports).
    const identifiers = [...new Set(parties.flatMap(identifierKeys))];
    const known = new Set(
      identifiers.length
        ? ((await manager.query('SELECT key FROM subject_identifiers WHERE key = ANY($1)', [identifiers])) as { key: string }[]).map((row) => row.key)
        : [],
    );
    const creating = parties.filter((party) => !identifierKeys(party).some((key) => known.has(key)));
    for (const key of [...new Set(creating.flatMap(lockKeys))].sort()) {
      await manager.query("SELECT pg_advisory_xact_lock(hashtextextended('resolution:' || $1, 0))", [key]);
    }
    const summary: ResolutionSummary = { parties: parties.length, screeningHits: 0, byIdentifier: 0, probabilistic: 0, newSubjects: 0, possibleMatches: 0 };
    for (const party of parties) {
      const existing = await manager.findOneBy(PartySubjectLink, { partyId: party.id });
      const subjectId = existing?.subjectId ?? (await this.linkToSubject(manager, party, summary));
      // Every subject a report names is screened; the hit rows are idempotent per subject and entry.
      if (party.kind !== 'account' && party.displayName) {
        summary.screeningHits += await this.screening.screenSubject(manager, subjectId, {
          name: party.displayName,
          dateOfBirth: party.birthdate ?? undefined,
          country: party.nationality ?? undefined,
        });
      }
    }
    return summary;
  }

  /** Links one party to its subject (see the class comment) and returns the subject id. */
  private async linkToSubject(manager: EntityManager, party: PartyForAnalysis, summary: ResolutionSummary): Promise<string> {
    const keys = identifierKeys(party);
    const known = keys.length
      ? ((await manager.query('SELECT subject_id, key FROM subject_identifiers WHERE key = ANY($1) LIMIT 1', [keys])) as { subject_id: string; key: string }[])
      : [];
    if (known.length) {
      await this.link(manager, party, known[0].subject_id, 'strong_identifier', null, { identifier: known[0].key });
      summary.byIdentifier += 1;
      return known[0].subject_id;
    }
    const best = party.kind === 'person' ? await this.bestCandidate(manager, party) : null;
    if (best && best.comparison.score >= MATCH_THRESHOLD) {
      await this.link(manager, party, best.subject.id, 'probabilistic', best.comparison.score, { evidence: best.comparison.evidence });
      summary.probabilistic += 1;
      return best.subject.id;
    }
    const subject = await this.createSubject(manager, party);
    summary.newSubjects += 1;
    await this.link(manager, party, subject.id, 'new_subject', best?.comparison.score ?? null, { bestCandidate: best?.subject.id ?? null });
    if (best && best.comparison.score >= POSSIBLE_THRESHOLD) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(PossibleMatch)
        .values({ partyId: party.id, candidateSubjectId: best.subject.id, score: best.comparison.score, evidence: best.comparison.evidence })
        .orIgnore()
        .execute();
      summary.possibleMatches += 1;
    }
    return subject.id;
  }

  private async bestCandidate(manager: EntityManager, party: PartyForAnalysis) {
    const surname = clean(party.lastName);
    const nameKey = surname ? doubleMetaphone(surname)[0] : null;
    if (!nameKey && !party.birthdate) return null;
    const candidates = await manager
      .createQueryBuilder(Subject, 'subject')
      .where("subject.kind = 'person'")
      .andWhere('(subject.nameKey = :nameKey OR subject.birthdate = :birthdate)', { nameKey, birthdate: party.birthdate })
      .take(CANDIDATES)
      .getMany();
    const record = personOf({
      givenName: party.firstName,
      surname: party.lastName,
      birthdate: party.birthdate,
      postcode: party.postcode,
      city: party.city,
      street: party.street,
    });
    let best: { subject: Subject; comparison: ReturnType<typeof comparePersons> } | null = null;
    for (const subject of candidates) {
      const comparison = comparePersons(record, personOf(subject));
      if (!best || comparison.score > best.comparison.score) best = { subject, comparison };
    }
    return best;
  }

  private async createSubject(manager: EntityManager, party: PartyForAnalysis): Promise<Subject> {
    const surname = clean(party.lastName) || clean(party.displayName);
    return manager.save(
      manager.create(Subject, {
        kind: party.kind,
        displayName: party.displayName,
        searchName: party.displayName ? normaliseName(party.displayName, party.kind === 'person' ? 'person' : 'organisation').normalised || null : null,
        givenName: party.firstName,
        surname: party.lastName,
        birthdate: party.birthdate,
        postcode: party.postcode,
        city: party.city,
        street: party.street,
        nameKey: surname ? doubleMetaphone(surname)[0] : null,
      }),
    );
  }

  private async link(manager: EntityManager, party: PartyForAnalysis, subjectId: string, method: string, score: number | null, reason: Record<string, unknown>) {
    await manager.insert(PartySubjectLink, { partyId: party.id, subjectId, method, score, reason: reason as never });
    const keys = identifierKeys(party);
    if (keys.length) {
      await manager.query('INSERT INTO subject_identifiers (subject_id, key) SELECT $1, unnest($2::text[]) ON CONFLICT (key) DO NOTHING', [subjectId, keys]);
    }
  }
}
