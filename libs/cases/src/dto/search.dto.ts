import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUBJECT_KINDS, type SubjectKind } from './common.response';
import { OptionalInt, RequiredText } from '@fiu/core';

export const SEARCH_LIMIT_MAX = 100;

export class SearchQueryDto {
  @ApiProperty({ description: 'An identifier, a name (misspelt is fine) or words of a narrative', example: 'NL91ABNA0417164300', maxLength: 200 })
  @RequiredText(200)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SEARCH_LIMIT_MAX, default: 25 })
  @OptionalInt(1, SEARCH_LIMIT_MAX)
  limit?: number;
}

export const SEARCH_RESULT_TYPES = ['subject', 'report'] as const;
export const SEARCH_MATCHES = ['identifier', 'name', 'narrative'] as const;

export class MatchedIdentifierResponse {
  @ApiProperty({ description: 'goAML identifier kind', example: 'iban' }) kind: string;
  @ApiProperty({ description: 'As the filer wrote it', example: 'NL91 ABNA 0417 1643 00' }) value: string;
}

export class SearchResultResponse {
  @ApiProperty({ enum: SEARCH_RESULT_TYPES, enumName: 'SearchResultType', example: 'subject' }) type: (typeof SEARCH_RESULT_TYPES)[number];
  @ApiProperty({ format: 'uuid', description: 'Subject id or report id, by type' }) id: string;
  @ApiProperty({ example: 'Pieter de Smurf' }) label: string;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Comparable across the three ways in: identifier 1, name its similarity, narrative up to 0.8', example: 0.82 }) score: number;
  @ApiProperty({ enum: SEARCH_MATCHES, enumName: 'SearchMatch', example: 'name' }) matchedOn: (typeof SEARCH_MATCHES)[number];
  @ApiProperty({ enum: SUBJECT_KINDS, enumName: 'SubjectKind', nullable: true, description: 'For subjects' }) subjectKind: SubjectKind | null;
  @ApiProperty({ type: MatchedIdentifierResponse, nullable: true, description: 'For identifier matches: the identifier that matched' }) identifier: MatchedIdentifierResponse | null;
  @ApiProperty({ type: String, nullable: true, description: 'For narrative matches: the passage, matched words in <b>…</b>', example: null }) excerpt: string | null;
}

export class SearchResponse {
  @ApiProperty({ example: 'Pieter de Smurff' }) query: string;
  @ApiProperty({ type: [SearchResultResponse], description: 'Best first' }) results: SearchResultResponse[];
}
