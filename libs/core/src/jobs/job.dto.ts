import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { OptionalInt } from '../contracts/dto-decorators';
import { JOB_KINDS, JOB_STATES, type JobKind, type JobState } from './job-progress.entity';
import type { JobRow } from './job-progress.service';

export class JobListQueryDto {
  @ApiPropertyOptional({ enum: JOB_KINDS, enumName: 'JobKind' })
  @IsOptional()
  @IsIn(JOB_KINDS)
  kind?: JobKind;

  @ApiPropertyOptional({ enum: JOB_STATES, enumName: 'JobState' })
  @IsOptional()
  @IsIn(JOB_STATES)
  state?: JobState;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @OptionalInt(1, 200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0 })
  @OptionalInt(0, 1_000_000)
  offset?: number;
}

export class JobRequesterResponse {
  @ApiProperty({ enum: ['staff', 'reporting_entity', 'partner', 'system', 'cli'], enumName: 'ActorType', example: 'staff' }) type: string;
  @ApiProperty({ description: 'Staff id, `screening` for a job the system started, `cli:<user>`', example: '2f1c5a9e-4c57-4f0e-9a0e-8a6f1d2b3c4d' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'a.admin' }) name: string | null;
}

/** One long job and how far it got: enough for a progress bar. */
export class JobResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: JOB_KINDS, enumName: 'JobKind', example: 'reanalysis' }) kind: JobKind;
  @ApiProperty({ enum: JOB_STATES, enumName: 'JobState', example: 'running' }) state: JobState;
  @ApiProperty({ description: 'Items finished, failed ones included', example: 1250 }) done: number;
  @ApiProperty({ description: 'Items that failed for good (counted in done)', example: 0 }) failedItems: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Null while the job has not counted its work yet', example: 4000 }) total: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'done / total, 0 to 100, rounded down; null while total is unknown', example: 31 }) percent: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it failed' }) error: string | null;
  @ApiProperty({ type: JobRequesterResponse }) requestedBy: JobRequesterResponse;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the job covers', example: { listSource: 'un', reason: 'un list reloaded' } }) detail: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'Last progress write' }) updatedAt: string;

  static from(row: JobRow): JobResponse {
    const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      done: row.done,
      failedItems: row.failed_items,
      total: row.total,
      percent: row.total === null ? null : row.total === 0 ? 100 : Math.min(100, Math.floor((row.done * 100) / row.total)),
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      error: row.error,
      requestedBy: { type: row.requested_by_type, id: row.requested_by_id, name: row.requested_by_name },
      detail: row.detail,
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
    };
  }
}

export class JobPageResponse {
  @ApiProperty({ type: [JobResponse], description: 'Newest first' }) items: JobResponse[];
  @ApiProperty({ example: 3 }) total: number;
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}
