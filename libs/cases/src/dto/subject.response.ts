import { ApiProperty } from '@nestjs/swagger';
import { REPORT_STATUSES, type ReportStatus } from '@fiu/reports';
import { iso, SUBJECT_KINDS, type SubjectKind } from './common.response';
import { PARTY_PLACES, type PartyPlace } from './report-view.response';
import { RISK_BANDS, type RiskBand } from './triage.dto';

export const POSSIBLE_MATCH_STATUSES = ['open', 'confirmed', 'rejected'] as const;
export type PossibleMatchStatus = (typeof POSSIBLE_MATCH_STATUSES)[number];

export class SubjectResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SUBJECT_KINDS, enumName: 'SubjectKind', example: 'person' }) kind: SubjectKind;
  @ApiProperty({ type: String, nullable: true, example: 'Pieter de Smurf' }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Pieter' }) givenName: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'de Smurf' }) surname: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', example: '1971-05-02' }) birthdate: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1012 AB' }) postcode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Amsterdam' }) city: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Damrak 1' }) street: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SubjectReportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-2026-000042' }) fiuRef: string;
  @ApiProperty({ type: String, nullable: true, example: 'STR' }) reportCode: string | null;
  @ApiProperty({ enum: REPORT_STATUSES, enumName: 'ReportStatus', example: 'analysed' }) status: ReportStatus;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ enum: PARTY_PLACES, enumName: 'PartyPlace', isArray: true, description: 'Where in the report the subject appears', example: ['from'] }) places: PartyPlace[];
  @ApiProperty({ type: Number, nullable: true, example: 72 }) score: number | null;
  @ApiProperty({ enum: RISK_BANDS, enumName: 'RiskBand', nullable: true, example: 'high' }) band: RiskBand | null;
}

export const FLOW_DIRECTIONS = ['in', 'out'] as const;

export class SubjectTransactionResponse {
  @ApiProperty({ format: 'uuid', description: 'The report transaction' }) id: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) reportId: string | null;
  @ApiProperty({ enum: FLOW_DIRECTIONS, enumName: 'FlowDirection', description: 'Seen from this subject', example: 'out' }) direction: (typeof FLOW_DIRECTIONS)[number];
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) counterpartyId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Brightwater Ltd' }) counterparty: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Decimal, local currency', example: '48000.00' }) amount: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'As filed, without a time zone', example: '2026-11-03T10:15:00' }) occurredAt: string | null;
  @ApiProperty({ example: false }) cash: boolean;
}

export const RELATION_DIRECTIONS = ['holds', 'held_by'] as const;

export class SubjectRelationResponse {
  @ApiProperty({ description: 'goAML\'s word for it: signatory, account_holder, director', example: 'signatory' }) relation: string;
  @ApiProperty({ enum: RELATION_DIRECTIONS, enumName: 'RelationDirection', description: 'holds: this subject is the signatory/holder/director of the other', example: 'holds' })
  direction: (typeof RELATION_DIRECTIONS)[number];
  @ApiProperty({ format: 'uuid', description: 'The other subject' }) id: string;
  @ApiProperty({ enum: SUBJECT_KINDS, enumName: 'SubjectKind', example: 'account' }) kind: SubjectKind;
  @ApiProperty({ type: String, nullable: true, example: 'NL91ABNA0417164300' }) displayName: string | null;
}

export class SubjectScreeningHitResponse {
  @ApiProperty({ description: 'The list', example: 'un' }) source: string;
  @ApiProperty({ description: 'The entry\'s reference on its list', example: 'QDi.999' }) sourceRef: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.93 }) score: number;
  @ApiProperty({ example: 'Abdul Karim AL-HASHIMI' }) matchedName: string;
  @ApiProperty({ type: [String], example: ['all name tokens agree', 'date of birth agrees'] }) explanation: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SubjectPossibleMatchResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The report party in question' }) partyId: string;
  @ApiProperty({ format: 'uuid', description: 'The subject the party is linked to now' }) linkedSubjectId: string;
  @ApiProperty({ format: 'uuid', description: 'The subject it may be the same as' }) candidateSubjectId: string;
  @ApiProperty({ example: 6.5 }) score: number;
  @ApiProperty({ enum: POSSIBLE_MATCH_STATUSES, enumName: 'PossibleMatchStatus', example: 'open' }) status: PossibleMatchStatus;
}

/** What the console shows about a subject. */
export class SubjectPageResponse {
  @ApiProperty({ type: SubjectResponse }) subject: SubjectResponse;
  @ApiProperty({ type: [String], description: 'Normalised identifier keys, kind:country:value', example: ['iban::NL91ABNA0417164300', 'passport:NL:NP1234567'] })
  identifiers: string[];
  @ApiProperty({ type: [SubjectReportResponse], description: 'Current versions, newest first (at most 500)' }) reports: SubjectReportResponse[];
  @ApiProperty({ type: [SubjectTransactionResponse], description: 'Newest first (at most 1,000)' }) transactions: SubjectTransactionResponse[];
  @ApiProperty({ type: [SubjectRelationResponse], description: 'The related subjects that are accounts' }) accounts: SubjectRelationResponse[];
  @ApiProperty({ type: [SubjectRelationResponse] }) relations: SubjectRelationResponse[];
  @ApiProperty({ type: [SubjectScreeningHitResponse], description: 'Best first' }) screeningHits: SubjectScreeningHitResponse[];
  @ApiProperty({ type: [SubjectPossibleMatchResponse], description: 'Pairs naming this subject on either side, best first' }) possibleMatches: SubjectPossibleMatchResponse[];

  static from(rows: SubjectPageRows): SubjectPageResponse {
    const relations = rows.relations.map(
      (row): SubjectRelationResponse => ({ relation: row.relation, direction: row.direction, id: row.id, kind: row.kind, displayName: row.display_name }),
    );
    const { subject } = rows;
    return {
      subject: {
        id: subject.id,
        kind: subject.kind,
        displayName: subject.display_name,
        givenName: subject.given_name,
        surname: subject.surname,
        birthdate: subject.birthdate,
        postcode: subject.postcode,
        city: subject.city,
        street: subject.street,
        createdAt: iso(subject.created_at)!,
      },
      identifiers: rows.identifiers.map((row) => row.key),
      reports: rows.reports.map((row) => ({
        id: row.id,
        fiuRef: row.fiu_ref,
        reportCode: row.report_code,
        status: row.status,
        receivedAt: iso(row.received_at)!,
        places: row.places,
        score: row.score,
        band: row.band,
      })),
      transactions: rows.transactions.map((row) => ({
        id: row.id,
        reportId: row.report_id,
        direction: row.direction,
        counterpartyId: row.counterparty_id,
        counterparty: row.counterparty,
        amount: row.amount,
        occurredAt: row.occurred_at,
        cash: row.cash,
      })),
      accounts: relations.filter((relation) => relation.kind === 'account'),
      relations,
      screeningHits: rows.screeningHits.map((row) => ({
        source: row.source,
        sourceRef: row.source_ref,
        score: row.score,
        matchedName: row.matched_name,
        explanation: row.explanation,
        createdAt: iso(row.created_at)!,
      })),
      possibleMatches: rows.possibleMatches.map((row) => ({
        id: row.id,
        partyId: row.party_id,
        linkedSubjectId: row.linked_subject_id,
        candidateSubjectId: row.candidate_subject_id,
        score: row.score,
        status: row.status,
      })),
    };
  }
}

/** The rows SubjectsService reads for a page. */
export interface SubjectPageRows {
  subject: {
    id: string;
    kind: SubjectKind;
    display_name: string | null;
    given_name: string | null;
    surname: string | null;
    birthdate: string | null;
    postcode: string | null;
    city: string | null;
    street: string | null;
    created_at: Date;
  };
  identifiers: { key: string }[];
  reports: { id: string; fiu_ref: string; report_code: string | null; status: ReportStatus; received_at: Date; places: PartyPlace[]; score: number | null; band: RiskBand | null }[];
  transactions: {
    id: string;
    report_id: string | null;
    direction: 'in' | 'out';
    counterparty_id: string | null;
    counterparty: string | null;
    amount: string | null;
    occurred_at: string | null;
    cash: boolean;
  }[];
  relations: { relation: string; direction: 'holds' | 'held_by'; id: string; kind: SubjectKind; display_name: string | null }[];
  screeningHits: { source: string; source_ref: string; score: number; matched_name: string; explanation: string[]; created_at: Date }[];
  possibleMatches: { id: string; party_id: string; linked_subject_id: string; candidate_subject_id: string; score: number; status: PossibleMatchStatus }[];
}
