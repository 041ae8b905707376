import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBase64, IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '../casework.entities';
import { OptionalIds, OptionalInt, OptionalText, RequiredText } from '@fiu/core';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
// Base64 of MAX_ATTACHMENT_BYTES: 4 characters per 3 bytes, padded.
const MAX_ATTACHMENT_BASE64 = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;

/** The reports and subjects a case or a dissemination holds. */
export class CaseItemsDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 500, description: 'Analysed reports' })
  @OptionalIds()
  reportIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 500 })
  @OptionalIds()
  subjectIds?: string[];
}

export const CASE_SEED_SOURCES = ['report', 'subject', 'search', 'manual'] as const;
export type CaseSeedSource = (typeof CASE_SEED_SOURCES)[number];

/** Where a case was opened from: kept in its history, and used for a title when none is given. */
export class CaseSeedDto {
  @ApiProperty({ enum: CASE_SEED_SOURCES, enumName: 'CaseSeedSource', example: 'search' })
  @IsIn(CASE_SEED_SOURCES)
  source: CaseSeedSource;

  @ApiPropertyOptional({ description: 'The search that found the items (required when source is search)', example: 'Greta Vandersloot', maxLength: 200 })
  @ValidateIf((seed: CaseSeedDto) => seed.source === 'search' || seed.query !== undefined)
  @RequiredText(200)
  query?: string;
}

export class NewCaseDto extends CaseItemsDto {
  @ApiPropertyOptional({ description: 'Taken from the seed when absent (the report reference, the subject name or the search)', example: 'Cash structuring through Acme Trading BV', maxLength: 300 })
  // Optional, but a title given blank is a mistake, not an absence.
  @IsOptional()
  @RequiredText(300)
  title?: string;

  @ApiPropertyOptional({ type: CaseSeedDto, description: 'Opened from a report, a subject or a search' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseSeedDto)
  seed?: CaseSeedDto;

  @ApiPropertyOptional({ example: 'Three deposits just below the threshold, then a transfer abroad.', maxLength: 10_000 })
  @OptionalText(10_000)
  summary?: string;
}

export class NoteDto {
  @ApiProperty({ example: 'Brightwater Ltd was incorporated two weeks before the first payment.', maxLength: 20_000 })
  @RequiredText(20_000)
  text: string;
}

export class AttachmentDto {
  @ApiProperty({ example: 'bank-statement.pdf', maxLength: 255 })
  @RequiredText(255)
  fileName: string;

  @ApiPropertyOptional({ example: 'application/pdf', maxLength: 100, default: 'application/octet-stream' })
  @OptionalText(100)
  // A media type and nothing else: it is sent back as a header when the file is downloaded.
  @Matches(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i, { message: 'contentType must be a media type such as application/pdf' })
  contentType?: string;

  @ApiProperty({ format: 'byte', description: `The file, base64-encoded (1 byte to ${MAX_ATTACHMENT_BYTES} bytes)`, example: 'JVBERi0xLjQgc3RhdGVtZW50' })
  @IsNotEmpty()
  @MaxLength(MAX_ATTACHMENT_BASE64)
  @IsBase64()
  contentBase64: string;
}

export class CaseStatusDto {
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', example: 'in_analysis' })
  @IsIn(CASE_STATUSES)
  status: CaseStatus;

  @ApiPropertyOptional({ description: 'Required to close or reopen a case', example: 'No further lines of enquiry.', maxLength: 2000 })
  @OptionalText(2000)
  reason?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters the case list and the board share. */
export class CaseFilterDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Staff id of the assignee' })
  @IsOptional()
  @IsUUID('loose')
  assigneeId?: string;

  @ApiPropertyOptional({ description: 'Part of the reference or the title', example: 'Vandersloot', maxLength: 200 })
  @OptionalText(200)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Cases holding this report' })
  @IsOptional()
  @IsUUID('loose')
  reportId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Cases holding this subject' })
  @IsOptional()
  @IsUUID('loose')
  subjectId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Opened on or after (YYYY-MM-DD, UTC)', example: '2026-01-01' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real date' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Opened on or before (YYYY-MM-DD, UTC)', example: '2026-12-31' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real date' })
  to?: string;
}

export class CaseListQueryDto extends CaseFilterDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES, enumName: 'CaseStatus' })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @OptionalInt(1, 200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0 })
  @OptionalInt(0, 1_000_000)
  offset?: number;
}

export class CaseBoardQueryDto extends CaseFilterDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES, enumName: 'CaseStatus', description: 'Only this column (to page through it with offset)' })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  column?: CaseStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, description: 'Cards per column' })
  @OptionalInt(1, 100)
  perColumn?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Cards skipped in each column' })
  @OptionalInt(0, 1_000_000)
  offset?: number;

  @ApiPropertyOptional({ default: false, description: 'Show the archived column too' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeArchived?: boolean;
}

export class CaseTimelineQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @OptionalInt(1, 500)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0 })
  @OptionalInt(0, 1_000_000)
  offset?: number;
}

export class AssignCaseDto {
  @ApiProperty({ format: 'uuid', description: 'Staff id of the analyst or supervisor who will hold the case' })
  @IsUUID('loose')
  assigneeId: string;
}
