import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsIn, IsNotEmpty, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '../casework.entities';
import { OptionalIds, OptionalText, RequiredText } from '@fiu/core';

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

export class NewCaseDto extends CaseItemsDto {
  @ApiProperty({ example: 'Cash structuring through Acme Trading BV', maxLength: 300 })
  @RequiredText(300)
  title: string;

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

export class CaseListQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES, enumName: 'CaseStatus' })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;
}

export class AssignCaseDto {
  @ApiProperty({ format: 'uuid', description: 'Staff id of the analyst or supervisor who will hold the case' })
  @IsUUID('loose')
  assigneeId: string;
}
