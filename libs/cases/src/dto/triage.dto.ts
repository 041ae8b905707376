import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches, ValidateIf } from 'class-validator';
import { TRIAGE_STATUSES, type TriageStatus } from '../casework.entities';
import { OptionalInt, OptionalText, RequiredText } from '@fiu/core';

export const RISK_BANDS = ['high', 'medium', 'low'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

export const TRIAGE_PAGE_MAX = 200;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The triage queue's filters and page. */
export class TriageQueryDto {
  @ApiPropertyOptional({ example: 'STR', maxLength: 40 })
  @OptionalText(40)
  reportCode?: string;

  @ApiPropertyOptional({ example: 'bank', maxLength: 100 })
  @OptionalText(100)
  sector?: string;

  @ApiPropertyOptional({ description: 'rentity_id of the reporting entity', example: '101', maxLength: 100 })
  @OptionalText(100)
  entityCode?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Received on or after (YYYY-MM-DD)', example: '2026-01-01' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real date' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Received on or before (YYYY-MM-DD)', example: '2026-12-31' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real date' })
  to?: string;

  @ApiPropertyOptional({ description: 'A goAML report indicator code', example: 'ML0001', maxLength: 100 })
  @OptionalText(100)
  indicator?: string;

  @ApiPropertyOptional({ enum: RISK_BANDS, enumName: 'RiskBand' })
  @IsOptional()
  @IsIn(RISK_BANDS)
  band?: RiskBand;

  @ApiPropertyOptional({ enum: TRIAGE_STATUSES, enumName: 'TriageStatus' })
  @IsOptional()
  @IsIn(TRIAGE_STATUSES)
  status?: TriageStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff id of the assignee' })
  @IsOptional()
  @IsUUID('loose')
  assignee?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: TRIAGE_PAGE_MAX, default: 50 })
  @OptionalInt(1, TRIAGE_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0 })
  @OptionalInt(0, 1_000_000)
  offset?: number;
}

export class AssignReportDto {
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'Staff id of the analyst or supervisor, or null to put the report back in the pool' })
  @ValidateIf((_dto, value) => value !== null)
  @IsUUID('loose')
  assigneeId: string | null;
}

export class CloseReportDto {
  @ApiProperty({ example: "Explained by the customer's documented business; no indication of laundering.", maxLength: 2000 })
  @RequiredText(2000)
  reason: string;
}

export class ReopenReportDto {
  @ApiProperty({ example: 'A new report names the same customer; the closing reason no longer holds.', maxLength: 2000 })
  @RequiredText(2000)
  reason: string;
}
