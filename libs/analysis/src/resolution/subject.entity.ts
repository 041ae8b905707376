import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A person, organisation or account that stays the same across reports. */
@Entity('subjects')
@Index('subjects_name_key_idx', ['kind', 'nameKey'])
@Index('subjects_birthdate_idx', ['birthdate'])
// GIN trigram index on search_name, made by hand in the migration (TypeORM cannot declare an operator class).
@Index('subjects_search_name_trgm_idx', { synchronize: false })
export class Subject {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: 'person' | 'entity' | 'account';

  @Column('text', { name: 'display_name', nullable: true })
  displayName: string | null;

  @Column('text', { name: 'given_name', nullable: true })
  givenName: string | null;

  @Column('text', { nullable: true })
  surname: string | null;

  @Column('date', { nullable: true })
  birthdate: string | null;

  @Column('text', { nullable: true })
  postcode: string | null;

  @Column('text', { nullable: true })
  city: string | null;

  @Column('text', { nullable: true })
  street: string | null;

  /** The name normalised (scripts transliterated, case and diacritics folded, tokens sorted), for fuzzy search with pg_trgm. */
  @Column('text', { name: 'search_name', nullable: true })
  searchName: string | null;

  /** Phonetic key of the surname (or name), for blocking in PostgreSQL. */
  @Column('text', { name: 'name_key', nullable: true })
  nameKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A strong identifier (IBAN, passport, national id, registration number...) known for a subject. */
@Entity('subject_identifiers')
@Unique('subject_identifiers_key_uq', ['key'])
export class SubjectIdentifier {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId: string;

  /** kind:country:value, normalised, e.g. iban::NL91ABNA0417164300 or passport:NL:NP1234567. */
  @Column('text')
  key: string;
}

/** How a party of a report was linked to its subject, with the score and the reason. */
@Entity('party_subject_links')
@Index('party_subject_links_subject_idx', ['subjectId'])
export class PartySubjectLink {
  @PrimaryColumn('uuid', { name: 'party_id' })
  partyId: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId: string;

  /** strong_identifier, probabilistic, or new_subject. */
  @Column('text')
  method: string;

  @Column('double precision', { nullable: true })
  score: number | null;

  @Column('jsonb')
  reason: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A borderline pair left for an analyst: the machine never merges it on its own. */
@Entity('possible_matches')
@Unique('possible_matches_pair_uq', ['partyId', 'candidateSubjectId'])
export class PossibleMatch {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'party_id' })
  partyId: string;

  @Column('uuid', { name: 'candidate_subject_id' })
  candidateSubjectId: string;

  @Column('double precision')
  score: number;

  @Column('jsonb')
  evidence: unknown[];

  /** open, confirmed or rejected; only an analyst moves it out of open. */
  @Column('text', { default: 'open' })
  status: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
