import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { ScreeningHit } from '@fiu/analysis';
import { RequiredText } from '@fiu/core';

export class ScreeningSearchDto {
  @ApiProperty({ example: 'Usama bin Ladin', maxLength: 300 })
  @RequiredText(300)
  name: string;

  @ApiPropertyOptional({ description: 'YYYY, YYYY-MM or YYYY-MM-DD', example: '1957-03-10', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' })
  @IsOptional()
  @Matches(/^\d{4}(-\d{2}(-\d{2})?)?$/, { message: 'dateOfBirth must be YYYY, YYYY-MM or YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 or an English country name', example: 'SA', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  country?: string;
}

export class ListEntryResponse {
  @ApiProperty({ description: 'The list', example: 'un' }) source: string;
  @ApiProperty({ description: 'The entry\'s reference on its list', example: 'QDi.421' }) sourceRef: string;
  @ApiProperty({ description: 'person or entity (as the list says)', example: 'person' }) kind: string;
  @ApiProperty({ example: 'USAMA MUHAMMED AWAD BIN LADIN' }) name: string;
  @ApiProperty({ type: [String], example: ['AQ'] }) programs: string[];
}

export class ScreeningHitResponse {
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.97 }) score: number;
  @ApiProperty({ type: ListEntryResponse }) entry: ListEntryResponse;
  @ApiProperty({ description: 'The listed name or alias that matched', example: 'Usama bin Ladin' }) matchedName: string;
  @ApiProperty({ type: [String], example: ['all name tokens agree', 'date of birth agrees'] }) explanation: string[];

  static from(hit: ScreeningHit): ScreeningHitResponse {
    const { source, sourceRef, kind, name, programs } = hit.entry;
    return { score: hit.score, entry: { source, sourceRef, kind, name, programs }, matchedName: hit.matchedName, explanation: hit.explanation };
  }
}
