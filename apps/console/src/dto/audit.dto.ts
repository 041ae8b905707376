import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { OptionalInt, type ActorType } from '@fiu/core';
import type { AuditEntryView } from '@fiu/audit';

const ACTOR_TYPES: ActorType[] = ['staff', 'reporting_entity', 'partner', 'system', 'cli'];

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Staff id, entity id, partner country, job name or cli:<user>', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;

  @ApiPropertyOptional({ example: 'report.read', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'report', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  objectType?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  objectId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'At or after (ISO 8601)', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before (ISO 8601)', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Entry id to page back from (entries below it)', example: '10450', pattern: '^\\d{1,19}$' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'before must be an entry id' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @OptionalInt(1, 500)
  limit?: number;
}

export class AuditEntryResponse {
  @ApiProperty({ description: 'Sequence in the chain', example: '10449' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ACTOR_TYPES, enumName: 'ActorType', example: 'staff' }) actorType: ActorType;
  @ApiProperty({ example: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' }) actorId: string;
  @ApiProperty({ type: String, nullable: true, example: 'a.analyst' }) actorName: string | null;
  @ApiProperty({ example: 'report.read' }) action: string;
  @ApiProperty({ type: String, nullable: true, example: 'report' }) objectType: string | null;
  @ApiProperty({ type: String, nullable: true }) objectId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The purpose stated with X-Purpose', example: 'Case review NL-2026-17' }) purpose: string | null;
  @ApiProperty({ type: String, nullable: true, example: '10.0.4.17' }) sourceIp: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { from: 'new', to: 'in_review' } }) detail: Record<string, unknown>;
  @ApiProperty({ description: 'Hash chaining this entry to the previous one', example: 'c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2' }) hash: string;

  static from(entry: AuditEntryView): AuditEntryResponse {
    return {
      id: entry.id,
      at: entry.at.toISOString(),
      actorType: entry.actorType as ActorType,
      actorId: entry.actorId,
      actorName: entry.actorName,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId,
      purpose: entry.purpose,
      sourceIp: entry.sourceIp,
      detail: entry.detail,
      hash: entry.hash,
    };
  }
}
