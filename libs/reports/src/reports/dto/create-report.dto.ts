import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsNotEmpty, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/**
 * The minimal JSON form of a goAML report header (the thin path). The full goAML model,
 * transactions and parties included, arrives with the intake issue.
 */
export class CreateReportDto {
  @ApiProperty({ description: 'The filer\'s own reference (goAML entity_reference); unique per entity', example: 'STR-2026-0001' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  entityReference: string;

  @ApiProperty({ description: 'goAML report_code', example: 'STR' })
  @IsString()
  @Matches(/^[A-Z]{2,10}$/, { message: 'reportCode must be 2-10 capital letters, such as STR or CTR' })
  reportCode: string;

  @ApiProperty({ description: 'ISO 8601 date of submission', example: '2026-11-28' })
  @IsDateString({ strict: true }, { message: 'submissionDate must be an ISO 8601 date' })
  submissionDate: string;

  @ApiProperty({ description: 'ISO 4217 code of the local currency', example: 'EUR' })
  @IsString()
  @Length(3, 3)
  @Matches(/^[A-Z]{3}$/, { message: 'currencyCodeLocal must be three capital letters' })
  currencyCodeLocal: string;

  @ApiPropertyOptional({ description: 'goAML fiu_ref_number: the FIU request this report answers' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fiuRefNumber?: string;

  @ApiPropertyOptional({ description: 'goAML prev_rejected_ref_number: the FIU reference of the rejected report this one corrects' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  prevRejectedRefNumber?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 date on which the suspicion arose (for the timeliness statistics)', example: '2026-11-20' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'suspicionDate must be an ISO 8601 date' })
  suspicionDate?: string;

  @ApiPropertyOptional({ description: 'Why the transaction is suspicious (goAML reason)' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  reason?: string;

  @ApiPropertyOptional({ description: 'What the entity did about it (goAML action)' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  action?: string;
}
