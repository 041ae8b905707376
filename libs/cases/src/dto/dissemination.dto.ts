import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DISSEMINATION_STATUSES, type DisseminationStatus } from '../casework.entities';
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

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
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
