import { Injectable } from '@nestjs/common';
import type { Actor } from '@fiu/core';
import { DataSource } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { AnalysisErrorCode, AnalysisException } from '../analysis.errors';
import { PartySubjectLink, PossibleMatch } from './subject.entity';

export interface PossibleMatchView {
  id: string;
  status: string;
  score: number;
  evidence: unknown[];
  party: { id: string; displayName: string | null; reportFiuRef: string };
  candidate: { subjectId: string; displayName: string | null; birthdate: string | null };
  createdAt: string;
}

export type PossibleMatchDecision = 'confirm' | 'reject';

/** Borderline pairs that only an analyst may settle; a decision is final for the machine. */
@Injectable()
export class PossibleMatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(status: 'open' | 'confirmed' | 'rejected', limit: number): Promise<PossibleMatchView[]> {
    const rows = (await this.dataSource.query(
      `SELECT m.id, m.status, m.score, m.evidence, m.created_at, p.id AS party_id, p.display_name AS party_name, r.fiu_ref,
              s.id AS subject_id, s.display_name AS subject_name, s.birthdate::text AS subject_birthdate
         FROM possible_matches m
         JOIN report_parties p ON p.id = m.party_id
         JOIN reports r ON r.id = p.report_id
         JOIN subjects s ON s.id = m.candidate_subject_id
        WHERE m.status = $1
        ORDER BY m.score DESC, m.created_at
        LIMIT $2`,
      [status, limit],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      id: row.id as string,
      status: row.status as string,
      score: Number(row.score),
      evidence: row.evidence as unknown[],
      party: { id: row.party_id as string, displayName: row.party_name as string | null, reportFiuRef: row.fiu_ref as string },
      candidate: { subjectId: row.subject_id as string, displayName: row.subject_name as string | null, birthdate: row.subject_birthdate as string | null },
      createdAt: (row.created_at as Date).toISOString(),
    }));
  }

  /** Confirm links the party to the candidate subject; reject keeps them apart. Either way, for good. */
  async decide(id: string, decision: PossibleMatchDecision, actor: Actor): Promise<{ id: string; status: 'confirmed' | 'rejected' }> {
    return this.dataSource.transaction(async (manager) => {
      const match = await manager.findOne(PossibleMatch, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!match) throw new AnalysisException(AnalysisErrorCode.PossibleMatchNotFound, `No possible match ${id}`);
      if (match.status !== 'open') throw new AnalysisException(AnalysisErrorCode.AlreadyDecided, `This pair was already ${match.status}`);
      const status = decision === 'confirm' ? 'confirmed' : 'rejected';
      await manager.update(PossibleMatch, { id }, { status });
      if (status === 'confirmed') {
        await manager.update(
          PartySubjectLink,
          { partyId: match.partyId },
          { subjectId: match.candidateSubjectId, method: 'analyst_confirmed', reason: { confirmedBy: actor.name, possibleMatchId: id, score: match.score } as never },
        );
      }
      await this.audit.record(
        actor,
        {
          action: `possible_match.${decision}`,
          objectType: 'possible_match',
          objectId: id,
          detail: { partyId: match.partyId, candidateSubjectId: match.candidateSubjectId, score: match.score },
        },
        manager,
      );
      return { id, status };
    });
  }
}
