import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { OptionalInt } from '@fiu/core';
import { SUBJECT_KINDS, type SubjectKind } from './common.response';

export const MAX_HOPS = 4;
export const MAX_NETWORK_NODES = 500;
export const NETWORK_FORMATS = ['json', 'graphml'] as const;

export class NetworkQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_HOPS, default: 2 })
  @OptionalInt(1, MAX_HOPS)
  hops?: number;

  @ApiPropertyOptional({ enum: NETWORK_FORMATS, enumName: 'NetworkFormat', default: 'json', description: 'graphml: the same network as a GraphML file' })
  @IsOptional()
  @IsIn(NETWORK_FORMATS)
  format?: (typeof NETWORK_FORMATS)[number];
}

export class NetworkNodeResponse {
  @ApiProperty({ format: 'uuid', description: 'Subject id' }) id: string;
  @ApiProperty({ enum: SUBJECT_KINDS, enumName: 'SubjectKind', example: 'account' }) kind: SubjectKind;
  @ApiProperty({ type: String, nullable: true, example: 'Vandersloot Holding' }) label: string | null;
  @ApiProperty({ description: 'Hops from the subject the network was asked for', example: 1 }) depth: number;
}

export class NetworkEdgeResponse {
  @ApiProperty({ format: 'uuid', description: 'The transaction, or the report party that states the relation' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'Subject the money or relation goes from' }) source: string;
  @ApiProperty({ format: 'uuid' }) target: string;
  @ApiProperty({ description: 'transaction, or the relation a report states: signatory, account_holder, director', example: 'transaction' }) kind: string;
  @ApiProperty({ type: String, nullable: true, description: 'Transactions: decimal, local currency', example: '48000.00' }) amount: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Transactions: when, as filed, without a time zone', example: '2026-11-03T10:15:00' }) at: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The report that says so' }) reportId: string | null;
}

export class SubjectNetworkResponse {
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ minimum: 1, maximum: MAX_HOPS, example: 2 }) hops: number;
  @ApiProperty({ type: [NetworkNodeResponse], description: 'Nearest first, at most 500' }) nodes: NetworkNodeResponse[];
  @ApiProperty({ type: [NetworkEdgeResponse] }) edges: NetworkEdgeResponse[];
  @ApiProperty({ description: 'True when the node cap cut the network short: ask for fewer hops', example: false }) truncated: boolean;
}
