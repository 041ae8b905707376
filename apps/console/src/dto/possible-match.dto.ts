import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { PossibleMatchDecision, PossibleMatchView } from '@fiu/analysis';
import { POSSIBLE_MATCH_STATUSES, type PossibleMatchStatus } from '@fiu/cases';

const DECISIONS: PossibleMatchDecision[] = ['confirm', 'reject'];

export class PossibleMatchQueryDto {
  @ApiPropertyOptional({ enum: POSSIBLE_MATCH_STATUSES, enumName: 'PossibleMatchStatus', default: 'open' })
  @IsOptional()
  @IsIn(POSSIBLE_MATCH_STATUSES)
  status?: PossibleMatchStatus;
}

export class PossibleMatchDecisionDto {
  @ApiProperty({ enum: DECISIONS, enumName: 'PossibleMatchDecision', description: 'confirm: the same subject; reject: different subjects' })
  @IsIn(DECISIONS)
  decision: PossibleMatchDecision;
}

export class MatchEvidenceResponse {
  @ApiProperty({ description: 'The field compared', example: 'birthdate' }) field: string;
  @ApiProperty({ description: 'How well it agreed', example: 'exact' }) level: string;
  @ApiProperty({ description: 'Its weight in the score (negative when it disagrees)', example: 4.2 }) weight: number;
}

export class MatchPartyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'Marta Kowalska' }) displayName: string | null;
  @ApiProperty({ description: 'The report that names the party', example: 'NL-2026-000042' }) reportFiuRef: string;
}

export class MatchCandidateResponse {
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ type: String, nullable: true, example: 'Marta Kowalska' }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', example: '1975-06-15' }) birthdate: string | null;
}

export class PossibleMatchResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: POSSIBLE_MATCH_STATUSES, enumName: 'PossibleMatchStatus', example: 'open' }) status: PossibleMatchStatus;
  @ApiProperty({ description: 'The comparator\'s score (sum of the evidence weights)', example: 6.5 }) score: number;
  @ApiProperty({ type: [MatchEvidenceResponse] }) evidence: MatchEvidenceResponse[];
  @ApiProperty({ type: MatchPartyResponse }) party: MatchPartyResponse;
  @ApiProperty({ type: MatchCandidateResponse }) candidate: MatchCandidateResponse;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(view: PossibleMatchView): PossibleMatchResponse {
    return {
      id: view.id,
      status: view.status as PossibleMatchStatus,
      score: view.score,
      evidence: (view.evidence as MatchEvidenceResponse[]).map(({ field, level, weight }) => ({ field, level, weight })),
      party: { id: view.party.id, displayName: view.party.displayName, reportFiuRef: view.party.reportFiuRef },
      candidate: { subjectId: view.candidate.subjectId, displayName: view.candidate.displayName, birthdate: view.candidate.birthdate },
      createdAt: view.createdAt,
    };
  }
}

export class PossibleMatchDecisionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['confirmed', 'rejected'], enumName: 'PossibleMatchDecided', example: 'confirmed' }) status: 'confirmed' | 'rejected';
}
