import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { SanctionEntry } from './sanction-entry';

/** A listed person or organisation as imported; a reload of a list replaces all of its entries. */
@Entity('sanction_entries')
@Unique('sanction_entries_source_ref_uq', ['source', 'sourceRef'])
export class SanctionEntryRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  source: string;

  @Column('text', { name: 'source_ref' })
  sourceRef: string;

  @Column('text')
  kind: string;

  @Column('text')
  name: string;

  /** Aliases, dates of birth, nationalities, identifiers and programmes. */
  @Column('jsonb')
  entry: SanctionEntry;

  @Column('timestamptz', { name: 'loaded_at' })
  loadedAt: Date;
}

/** A screening hit of a subject against a listed entry; one row per pair, the best score kept. */
@Entity('screening_hits')
@Unique('screening_hits_pair_uq', ['subjectId', 'source', 'sourceRef'])
export class ScreeningHitRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId: string;

  @Column('text')
  source: string;

  @Column('text', { name: 'source_ref' })
  sourceRef: string;

  @Column('double precision')
  score: number;

  @Column('jsonb')
  explanation: string[];

  @Column('text', { name: 'matched_name' })
  matchedName: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
