import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DISSEMINATION_CATEGORIES, DISSEMINATION_STATUSES, type DisseminationCategory, type DisseminationStatus } from '../casework.entities';
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
  @ApiProperty({ description: 'Hex SHA-256 of the signed PDF intelligence report', example: '0b4e7a0e5fe84ad35fb5f95b9ceeac79a1c9d4e7f9e0f8e4b4d5b3e0b6b0c2a1' }) pdfSha256: string;
  @ApiProperty({ description: 'Id of the Ed25519 key that signed the PDF', example: 'NL-ir-20261203T191318-5f2a' }) signingKeyId: string;
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

export class PackageFilerResponse {
  @ApiProperty({ description: 'rentity_id', example: '101' }) code: string;
  @ApiProperty({ example: 'Acme Bank NV' }) name: string;
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
  @ApiProperty({ description: 'The filer\'s sector', example: 'bank' }) filerSector: string;
  @ApiPropertyOptional({ type: PackageFilerResponse, nullable: true, description: "The reporting entity: null unless the recipient kind's rule allows reporting_entity_identity" })
  filer?: PackageFilerResponse | null;
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

export class PackageRecipientResponse {
  @ApiProperty({ example: 'POLICE-FIOD' }) code: string;
  @ApiProperty({ example: 'Fiscal Intelligence and Investigation Service' }) name: string;
  @ApiProperty({ enum: AUTHORITY_KINDS, enumName: 'AuthorityKind', example: 'police' }) kind: AuthorityKind;
}

export class PackageRedactionResponse {
  @ApiProperty({ enum: AUTHORITY_KINDS, enumName: 'AuthorityKind', example: 'police' }) recipientKind: AuthorityKind;
  @ApiProperty({ description: 'Version of the rule applied (0: no rule configured, so everything beyond the references was withheld)', example: 1 }) ruleVersion: number;
  @ApiProperty({ enum: DISSEMINATION_CATEGORIES, enumName: 'DisseminationCategory', isArray: true, example: ['reporting_entity_identity'] }) withheld: DisseminationCategory[];
}

export class DisseminationPackageResponse {
  @ApiProperty({ example: 'NL-DIS-2026-000001' }) ref: string;
  @ApiProperty({ example: 'FIU NL' }) from: string;
  @ApiProperty({ type: [PackagePartnerMaterialResponse] }) fromPartners: PackagePartnerMaterialResponse[];
  @ApiProperty({ description: 'Authority code', example: 'POLICE-FIOD' }) to: string;
  @ApiPropertyOptional({ type: PackageRecipientResponse }) recipient?: PackageRecipientResponse;
  @ApiPropertyOptional({ example: 'CONFIDENTIAL: financial intelligence, not evidence' }) classification?: string;
  @ApiProperty() purpose: string;
  @ApiProperty() caveats: string;
  @ApiPropertyOptional({ type: PackageRedactionResponse, description: 'What was withheld from this recipient, and under which rule' }) redaction?: PackageRedactionResponse;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Null in a preview: issuing sets it and changes nothing else' }) issuedAt: string | null;
  @ApiProperty({ type: [PackageReportResponse] }) reports: PackageReportResponse[];
  @ApiProperty({ type: [PackageSubjectResponse] }) subjects: PackageSubjectResponse[];
}

export const DISSEMINATION_ACTIONS = ['preview', 'approve', 'reject', 'issue', 'download'] as const;
export type DisseminationAction = (typeof DISSEMINATION_ACTIONS)[number];

export const CONSENT_STATES = ['granted', 'missing', 'requested', 'refused'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export class ThirdPartyItemResponse {
  @ApiProperty({ format: 'uuid', description: 'The message received from the partner FIU' }) receivedMessageId: string;
  @ApiProperty({ example: 'GB' }) originator: string;
  @ApiProperty({ enum: CONSENT_STATES, enumName: 'ConsentState', example: 'missing' }) consent: ConsentState;
  @ApiProperty({ type: String, nullable: true, description: "The partner's reason, when it refused" }) reason: string | null;
}

export class ThirdPartyPartnerResponse {
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ example: 'FIU GB' }) label: string;
  @ApiProperty({ description: 'Items of this partner still waiting for its consent', example: 2 }) blocked: number;
  @ApiProperty({ type: [ThirdPartyItemResponse] }) items: ThirdPartyItemResponse[];
}

/** The third-party rule for this package, as the exchange's OnwardUseGate sees it. */
export class ThirdPartySummaryResponse {
  @ApiProperty({ description: 'True when nothing waits for a partner\'s consent', example: false }) allowed: boolean;
  @ApiProperty({ example: 2 }) blockedCount: number;
  @ApiProperty({ example: "2 items need FIU GB's consent" }) summary: string;
  @ApiProperty({ type: [ThirdPartyPartnerResponse] }) partners: ThirdPartyPartnerResponse[];
}

export class IntelligenceReportDocumentResponse {
  @ApiProperty({ description: 'Hex SHA-256 of the PDF', example: '0b4e7a0e5fe84ad35fb5f95b9ceeac79a1c9d4e7f9e0f8e4b4d5b3e0b6b0c2a1' }) pdfSha256: string;
  @ApiProperty({ example: 'Ed25519' }) algorithm: string;
  @ApiProperty({ example: 'NL-ir-20261203T191318-5f2a' }) keyId: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
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
  @ApiProperty({ type: String, nullable: true, description: 'contentSha256 of the package the supervisor approved (what issuing sends)' }) approvedSha256: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [DisseminationItemResponse] }) items: DisseminationItemResponse[];
  @ApiProperty({
    enum: DISSEMINATION_ACTIONS,
    enumName: 'DisseminationAction',
    isArray: true,
    description: 'What you may do next: the author never sees approve or reject (four-eyes), and approve waits for every partner consent',
    example: ['preview', 'approve', 'reject'],
  })
  allowedActions: DisseminationAction[];
  @ApiProperty({ type: ThirdPartySummaryResponse }) thirdParty: ThirdPartySummaryResponse;
  @ApiProperty({ type: IntelligenceReportDocumentResponse, nullable: true, description: 'Once issued: the signed PDF intelligence report' }) document: IntelligenceReportDocumentResponse | null;

  static from(
    row: DisseminationRow,
    items: { item_type: DisseminationItemResponse['itemType']; item_id: string }[],
    extra: Pick<DisseminationResponse, 'allowedActions' | 'thirdParty' | 'document'>,
  ): DisseminationResponse {
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
      approvedSha256: row.approved_sha256,
      createdAt: iso(row.created_at)!,
      items: items.map((item) => ({ itemType: item.item_type, itemId: item.item_id })),
      ...extra,
    };
  }
}

/** The package exactly as it will be issued (issuedAt aside), with the redaction and the third-party rule applied. */
export class DisseminationPreviewResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NL-DIS-2026-000001' }) ref: string;
  @ApiProperty({ enum: DISSEMINATION_STATUSES, enumName: 'DisseminationStatus', example: 'draft' }) status: DisseminationStatus;
  @ApiProperty({ description: 'False for a draft (built from the data as it is now); true once approved or issued (what goes is fixed)', example: false }) frozen: boolean;
  @ApiProperty({ type: DisseminationPackageResponse }) package: DisseminationPackageResponse;
  @ApiProperty({ description: 'Hex SHA-256 of this package\'s canonical JSON with issuedAt null; send it with approve to approve exactly this', example: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b' })
  contentSha256: string;
  @ApiProperty({ type: ThirdPartySummaryResponse }) thirdParty: ThirdPartySummaryResponse;
  @ApiProperty({ enum: DISSEMINATION_ACTIONS, enumName: 'DisseminationAction', isArray: true, example: ['preview', 'approve', 'reject'] }) allowedActions: DisseminationAction[];
}

export class IntelligenceReportSignatureResponse {
  @ApiProperty({ format: 'uuid' }) disseminationId: string;
  @ApiProperty({ example: 'NL-DIS-2026-000001' }) ref: string;
  @ApiProperty({ example: 'Ed25519' }) algorithm: string;
  @ApiProperty({ example: 'NL-ir-20261203T191318-5f2a' }) keyId: string;
  @ApiProperty({ format: 'byte', description: 'The 64-byte detached signature over the PDF bytes, base64' }) signatureBase64: string;
  @ApiProperty({ description: 'Hex SHA-256 of the PDF' }) pdfSha256: string;
  @ApiProperty({ description: 'Hex SHA-256 of the issued package\'s canonical JSON (printed in the PDF)' }) packageSha256: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
}

export class SigningKeyResponse {
  @ApiProperty({ example: 'NL-ir-20261203T191318-5f2a' }) keyId: string;
  @ApiProperty({ example: 'Ed25519' }) algorithm: string;
  @ApiProperty({ description: 'SPKI PEM, for openssl and most libraries', example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA...\n-----END PUBLIC KEY-----\n' }) publicKeyPem: string;
  @ApiProperty({ description: 'The raw public key (JWK "x"), base64url', example: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }) x: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'The key that signs new reports', example: true }) current: boolean;
}

export class RedactionRuleResponse {
  @ApiProperty({ enum: AUTHORITY_KINDS, enumName: 'AuthorityKind', example: 'police' }) recipientKind: AuthorityKind;
  @ApiProperty({ enum: DISSEMINATION_CATEGORIES, enumName: 'DisseminationCategory', isArray: true, example: ['narrative', 'transactions', 'parties', 'identifiers', 'analysis'] }) allowed: DisseminationCategory[];
  @ApiProperty({ enum: DISSEMINATION_CATEGORIES, enumName: 'DisseminationCategory', isArray: true, example: ['reporting_entity_identity', 'screening_hits'] }) withheld: DisseminationCategory[];
  @ApiProperty({ description: '0 when no rule is configured (everything beyond the references is withheld)', example: 2 }) version: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) updatedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updatedAt: string | null;
}

export class ConsentRequestedResponse {
  @ApiProperty({ format: 'uuid', description: 'The message received from the partner' }) receivedMessageId: string;
  @ApiProperty({ example: 'GB' }) originator: string;
  @ApiProperty({ format: 'uuid', description: 'The consent request sent (an exchange message)' }) requestMessageId: string;
}

export class DisseminationItemCountsResponse {
  @ApiProperty({ example: 2 }) reports: number;
  @ApiProperty({ example: 1 }) subjects: number;
  @ApiProperty({ description: 'Messages from partner FIUs the package would carry', example: 2 }) receivedMessages: number;
}

/** What a draft would be before it is submitted: the recipient, what its rule withholds, and who must consent first. */
export class DisseminationCheckResponse {
  @ApiProperty({ type: AuthorityResponse }) authority: AuthorityResponse;
  @ApiProperty({ type: PackageRedactionResponse }) redaction: PackageRedactionResponse;
  @ApiProperty({ type: DisseminationItemCountsResponse }) items: DisseminationItemCountsResponse;
  @ApiProperty({ type: ThirdPartySummaryResponse, description: 'Submitting is refused (403 consent_required) until allowed is true' }) thirdParty: ThirdPartySummaryResponse;
}

export class DisseminationConsentRequestsResponse {
  @ApiProperty({ type: [ConsentRequestedResponse], description: 'Consent requests sent now, one per blocked item not yet asked about' }) requested: ConsentRequestedResponse[];
  @ApiProperty({ type: ThirdPartySummaryResponse, description: 'The third-party rule after these requests' }) thirdParty: ThirdPartySummaryResponse;
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
  approved_package: DisseminationPackageResponse | null;
  approved_sha256: string | null;
  created_at: Date;
}
