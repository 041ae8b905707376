import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DISSEMINATION_CATEGORIES, DISSEMINATION_STATUSES, type DisseminationCategory, type DisseminationStatus } from '../casework.entities';
import { CaseItemsDto } from './case.dto';
import { OptionalIds, OptionalText, RequiredText } from '@fiu/core';

export const AUTHORITY_KINDS = ['police', 'prosecutor', 'tax', 'customs', 'intelligence', 'supervisor', 'other'] as const;
export type AuthorityKind = (typeof AUTHORITY_KINDS)[number];

export class AuthorityDto {
  @ApiProperty({ example: 'POLICE-FIOD', maxLength: 40, pattern: '^[A-Z0-9_-]+$' })
  @RequiredText(40)
  @Matches(/^[A-Z0-9_-]+$/, { message: 'code must be upper-case letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: 'Fiscal Intelligence and Investigation Service', maxLength: 200 })
  @RequiredText(200)
  name: string;

  @ApiProperty({ enum: AUTHORITY_KINDS, enumName: 'AuthorityKind', example: 'police' })
  @IsIn(AUTHORITY_KINDS)
  kind: AuthorityKind;
}

export class DraftDisseminationDto extends CaseItemsDto {
  @ApiProperty({ example: 'POLICE-FIOD', maxLength: 40 })
  @RequiredText(40)
  authorityCode: string;

  @ApiProperty({ example: 'Investigation into cash structuring (case NL-CASE-2026-000001)', maxLength: 2000 })
  @RequiredText(2000)
  purpose: string;

  @ApiPropertyOptional({ description: 'Conditions of use; a standard text is used when absent', maxLength: 4000 })
  @OptionalText(4000)
  caveats?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: "The case it comes from; with no reports, subjects or messages listed, the case's reports and subjects go" })
  @IsOptional()
  @IsUUID('loose')
  caseId?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 500, description: "Messages received from partner FIUs (they need the originator's recorded consent)" })
  @OptionalIds()
  receivedMessageIds?: string[];

  @ApiPropertyOptional({ default: true, description: 'Whether the risk score and its explanation go too' })
  @IsOptional()
  @IsBoolean()
  includeAnalysis?: boolean;
}

export class RejectDisseminationDto {
  @ApiProperty({ example: 'The purpose does not name the investigation.', maxLength: 2000 })
  @RequiredText(2000)
  reason: string;
}

export class DisseminationListQueryDto {
  @ApiPropertyOptional({ enum: DISSEMINATION_STATUSES, enumName: 'DisseminationStatus' })
  @IsOptional()
  @IsIn(DISSEMINATION_STATUSES)
  status?: DisseminationStatus;
}

export class ApproveDisseminationDto {
  @ApiPropertyOptional({
    description: 'contentSha256 of the preview the approver read: approval is refused (409 package_changed) when the package built now differs',
    example: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
    pattern: '^[0-9a-f]{64}$',
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'contentSha256 must be 64 lower-case hex digits' })
  contentSha256?: string;
}

export class RecipientKindParams {
  @ApiProperty({ enum: AUTHORITY_KINDS, enumName: 'AuthorityKind', example: 'police' })
  @IsIn(AUTHORITY_KINDS)
  recipientKind: AuthorityKind;
}

export class RedactionRuleDto {
  @ApiProperty({
    enum: DISSEMINATION_CATEGORIES,
    enumName: 'DisseminationCategory',
    isArray: true,
    description: 'What packages to this kind of recipient may carry; everything else is withheld',
    example: ['narrative', 'transactions', 'parties', 'identifiers', 'analysis'],
  })
  @IsArray()
  @ArrayMaxSize(DISSEMINATION_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(DISSEMINATION_CATEGORIES, { each: true })
  allowed: DisseminationCategory[];
}

/** The one-call consent request: every item the third-party rule holds back, asked of its originator for this authority and purpose. */
export class DisseminationConsentDto {
  @ApiProperty({ example: 'POLICE-FIOD', maxLength: 40 })
  @RequiredText(40)
  authorityCode: string;

  @ApiProperty({ example: 'Criminal investigation into layering', maxLength: 2000 })
  @RequiredText(2000)
  purpose: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 500, description: 'Messages received from partner FIUs' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @IsUUID('loose', { each: true })
  receivedMessageIds: string[];
}
