import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { DATA_CATEGORIES, MESSAGE_TYPES, REDACTION_PROFILES } from '../policy-engine';
import type { DataCategory, MessageType, RedactionProfile } from '../policy-engine';

/** A new version of a country's policy (see docs/formats/exchange-envelope.md). */
export class PolicyDto {
  @ApiProperty({ example: true }) @IsBoolean() exchangeAllowed: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() mouRequired?: boolean;
  @ApiProperty({ enum: MESSAGE_TYPES, enumName: 'ExchangeMessageType', isArray: true, example: ['request', 'response', 'acknowledgement'] })
  @IsArray()
  @ArrayMaxSize(MESSAGE_TYPES.length)
  @IsIn(MESSAGE_TYPES, { each: true })
  messageTypes: MessageType[];
  @ApiProperty({ enum: DATA_CATEGORIES, enumName: 'DataCategory', isArray: true, example: ['subject_identities', 'narrative'] })
  @IsArray()
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true })
  dataCategories: DataCategory[];
  @ApiProperty({ type: [String], example: ['money laundering analysis'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  purposes: string[];
  @ApiPropertyOptional({ example: 7 }) @IsOptional() @IsInt() @Min(1) @Max(365) responseDeadlineDays?: number;
  @ApiPropertyOptional({ enum: REDACTION_PROFILES, enumName: 'RedactionProfile', example: 'standard' }) @IsOptional() @IsIn(REDACTION_PROFILES) redaction?: RedactionProfile;
}
