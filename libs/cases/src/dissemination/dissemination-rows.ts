import { EntityManager } from 'typeorm';
import type { Actor } from '@fiu/core';
import { isSupervisor, notFound } from '../casework.errors';
import type { DisseminationAction, DisseminationRow, ThirdPartySummaryResponse } from '../dto/dissemination.response';

export async function loadDissemination(manager: EntityManager, id: string, lock = false): Promise<DisseminationRow> {
  const [found] = (await manager.query(
    `SELECT id, ref, case_id, authority_code, purpose, caveats, include_analysis, status, author_id, approver_id, decided_at, rejection_reason,
            issued_by, issued_at, issued_package, package_sha256, approved_package, approved_sha256, created_at
       FROM disseminations WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  )) as DisseminationRow[];
  if (!found) throw notFound(`dissemination ${id}`);
  return found;
}

/**
 * What the caller may do next, by the rules the routes enforce: four-eyes keeps approve and
 * reject from the author and from analysts, and approve and issue wait for every partner consent.
 */
export function allowedActions(actor: Actor, row: Pick<DisseminationRow, 'status' | 'author_id'>, thirdParty: Pick<ThirdPartySummaryResponse, 'allowed'>): DisseminationAction[] {
  const actions: DisseminationAction[] = ['preview'];
  const decides = row.status === 'draft' && isSupervisor(actor) && row.author_id !== actor.id;
  if (decides && thirdParty.allowed) actions.push('approve');
  if (decides) actions.push('reject');
  if (row.status === 'approved' && thirdParty.allowed) actions.push('issue');
  if (row.status === 'issued') actions.push('download');
  return actions;
}
