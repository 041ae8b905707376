import { ApiProperty } from '@nestjs/swagger';
import { DISSEMINATION_STATUSES, type DisseminationStatus } from '../casework.entities';
import { iso, ScoreExplanationItemResponse, SUBJECT_KINDS, type SubjectKind } from './common.response';
import { AUTHORITY_KINDS, type AuthorityKind } from './dissemination.dto';
import { PARTY_PLACES, type PartyPlace } from './report-view.response';
import { RISK_BANDS, type RiskBand } from './triage.dto';

export class AuthorityResponse {
  @ApiProperty({ example: 'POLICE-FIOD' }) code: string;
  @ApiProperty({ example: 'Fiscal Intelligence and Investigation Service' }) name: string;
  @ApiProperty({ enum: AUTHORITY_KINDS, enumName: 'AuthorityKind', example: 'police' }) kind: AuthorityKind;
  @ApiProperty({ example: true }) active: boolean;
}

/** A dissemination after drafting, approval or rejection. */
export class DisseminationStateResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-DIS-2026-000001' }) ref: string;
  @ApiProperty({ enum: DISSEMINATION_STATUSES, enumName: 'DisseminationStatus', example: 'draft' }) status: DisseminationStatus;
}

export class DisseminationIssuedResponse extends DisseminationStateResponse {
  @ApiProperty({ description: 'Hex SHA-256 of the package\'s canonical JSON (keys sorted at every level)', example: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b' })
  packageSha256: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
}

export class DisseminationSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-DIS-2026-000001' }) ref: string;
  @ApiProperty({ example: 'POLICE-FIOD' }) authorityCode: string;
  @ApiProperty({ enum: DISSEMINATION_STATUSES, enumName: 'DisseminationStatus', example: 'issued' }) status: DisseminationStatus;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) caseId: string | null;
  @ApiProperty({ description: 'Username of the author', example: 'a.analyst' }) author: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) issuedAt: string | null;

  static from(row: DisseminationSummaryRow): DisseminationSummaryResponse {
    return {
      id: row.id,
      ref: row.ref,
      authorityCode: row.authority_code,
      status: row.status,
      caseId: row.case_id,
      author: row.author,
      createdAt: iso(row.created_at)!,
      issuedAt: iso(row.issued_at),
    };
  }
}

export const DISSEMINATION_ITEM_TYPES = ['report', 'subject', 'exchange_message'] as const;

export class DisseminationItemResponse {
  @ApiProperty({ enum: DISSEMINATION_ITEM_TYPES, enumName: 'DisseminationItemType', example: 'report' }) itemType: (typeof DISSEMINATION_ITEM_TYPES)[number];
  @ApiProperty({ format: 'uuid' }) itemId: string;
}

// The package as issued. Its shape is written here for readers; the stored JSON is returned exactly as frozen.
export class PackageTransactionResponse {
  @ApiProperty({ type: String, nullable: true, example: '2026-11-03T10:15:00' }) date: string | null;
  @ApiProperty({ type: String, nullable: true, example: '9800.00' }) amount: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CASH' }) mode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Cash deposit' }) description: string | null;
}

export class PackagePartyResponse {
  @ApiProperty({ enum: PARTY_PLACES, enumName: 'PartyPlace', example: 'from' }) place: PartyPlace;
  @ApiProperty({ enum: SUBJECT_KINDS, enumName: 'SubjectKind', example: 'person' }) kind: SubjectKind;
  @ApiProperty({ type: String, nullable: true, example: 'Pieter de Smurf' }) name: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) birthdate: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'NL91ABNA0417164300' }) iban: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'NL' }) country: string | null;
}

export class PackageReportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-2026-000042' }) fiuRef: string;
  @ApiProperty({ type: String, nullable: true, example: 'STR' }) reportCode: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) submissionDate: string | null;
  @ApiProperty({ description: 'The filer\'s sector; never the filer\'s identity', example: 'bank' }) filerSector: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) action: string | null;
  @ApiProperty({ type: [String] }) indicators: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'Null when the analysis was left out' }) score: number | null;
  @ApiProperty({ enum: RISK_BANDS, enumName: 'RiskBand', nullable: true }) band: RiskBand | null;
  @ApiProperty({ type: [ScoreExplanationItemResponse], nullable: true }) explanation: ScoreExplanationItemResponse[] | null;
  @ApiProperty({ type: [PackageTransactionResponse] }) transactions: PackageTransactionResponse[];
  @ApiProperty({ type: [PackagePartyResponse] }) parties: PackagePartyResponse[];
}

export class PackageScreeningHitResponse {
  @ApiProperty({ example: 'un' }) list: string;
  @ApiProperty({ example: 'QDi.999' }) ref: string;
  @ApiProperty({ example: 0.93 }) score: number;
  @ApiProperty({ example: 'Abdul Karim AL-HASHIMI' }) matched: string;
}

export class PackageSubjectResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SUBJECT_KINDS, enumName: 'SubjectKind', example: 'person' }) kind: SubjectKind;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) birthdate: string | null;
  @ApiProperty({ type: [String], example: ['iban::NL91ABNA0417164300'] }) identifiers: string[];
  @ApiProperty({ type: [PackageScreeningHitResponse] }) screeningHits: PackageScreeningHitResponse[];
}

export class PackagePartnerMaterialResponse {
  @ApiProperty({ description: 'Country of the FIU it came from (it consented)', example: 'GB' }) originator: string;
  @ApiProperty({ example: 'response' }) type: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The message as received' }) body: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The originator\'s caveats' }) caveats: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) receivedAt: string | null;
}

export class DisseminationPackageResponse {
  @ApiProperty({ example: 'NL-DIS-2026-000001' }) ref: string;
  @ApiProperty({ example: 'FIU NL' }) from: string;
  @ApiProperty({ type: [PackagePartnerMaterialResponse] }) fromPartners: PackagePartnerMaterialResponse[];
  @ApiProperty({ description: 'Authority code', example: 'POLICE-FIOD' }) to: string;
  @ApiProperty() purpose: string;
  @ApiProperty() caveats: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ type: [PackageReportResponse] }) reports: PackageReportResponse[];
  @ApiProperty({ type: [PackageSubjectResponse] }) subjects: PackageSubjectResponse[];
}

export class DisseminationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-DIS-2026-000001' }) ref: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) caseId: string | null;
  @ApiProperty({ example: 'POLICE-FIOD' }) authorityCode: string;
  @ApiProperty({ example: 'Investigation into cash structuring (case NL-CASE-2026-000001)' }) purpose: string;
  @ApiProperty() caveats: string;
  @ApiProperty({ example: true }) includeAnalysis: boolean;
  @ApiProperty({ enum: DISSEMINATION_STATUSES, enumName: 'DisseminationStatus', example: 'issued' }) status: DisseminationStatus;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The supervisor who approved or rejected it' }) approverId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) rejectionReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) issuedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) issuedAt: string | null;
  @ApiProperty({
    type: DisseminationPackageResponse,
    nullable: true,
    description: 'Once issued: the package exactly as it went (frozen); its SHA-256 over the canonical JSON is packageSha256',
  })
  issuedPackage: DisseminationPackageResponse | null;
  @ApiProperty({ type: String, nullable: true }) packageSha256: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [DisseminationItemResponse] }) items: DisseminationItemResponse[];

  static from(row: DisseminationRow, items: { item_type: DisseminationItemResponse['itemType']; item_id: string }[]): DisseminationResponse {
    return {
      id: row.id,
      ref: row.ref,
      caseId: row.case_id,
      authorityCode: row.authority_code,
      purpose: row.purpose,
      caveats: row.caveats,
      includeAnalysis: row.include_analysis,
      status: row.status,
      authorId: row.author_id,
      approverId: row.approver_id,
      decidedAt: iso(row.decided_at),
      rejectionReason: row.rejection_reason,
      issuedBy: row.issued_by,
      issuedAt: iso(row.issued_at),
      // Not rebuilt: the hash is over this JSON as stored.
      issuedPackage: row.issued_package,
      packageSha256: row.package_sha256,
      createdAt: iso(row.created_at)!,
      items: items.map((item) => ({ itemType: item.item_type, itemId: item.item_id })),
    };
  }
}

export interface DisseminationSummaryRow {
  id: string;
  ref: string;
  authority_code: string;
  status: DisseminationStatus;
  case_id: string | null;
  author: string;
  created_at: Date;
  issued_at: Date | null;
}

export interface DisseminationRow {
  id: string;
  ref: string;
  case_id: string | null;
  authority_code: string;
  purpose: string;
  caveats: string;
  include_analysis: boolean;
  status: DisseminationStatus;
  author_id: string;
  approver_id: string | null;
  decided_at: Date | null;
  rejection_reason: string | null;
  issued_by: string | null;
  issued_at: Date | null;
  issued_package: DisseminationPackageResponse | null;
  package_sha256: string | null;
  created_at: Date;
}
