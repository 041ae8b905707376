import type { Actor } from '@fiu/core';

export enum CaseworkErrorCode {
  NotFound = 'not_found',
  InvalidInput = 'invalid_input',
  InvalidTransition = 'invalid_transition',
  AlreadyClaimed = 'already_claimed',
  FourEyes = 'four_eyes',
  Frozen = 'frozen',
  AuthorityExists = 'authority_exists',
  /** Only the assignee (or a supervisor) may close a report or a case. */
  NotAssignee = 'not_assignee',
  /** Reopening a closed report or case is a supervisor's decision. */
  SupervisorOnly = 'supervisor_only',
  /** The package built now differs from the preview the approver read. */
  PackageChanged = 'package_changed',
  /** The key that signs intelligence reports cannot be used. */
  SigningUnavailable = 'signing_unavailable',
}

export class CaseworkException extends Error {
  constructor(
    readonly code: CaseworkErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CaseworkException';
  }
}

export const invalid = (message: string) => new CaseworkException(CaseworkErrorCode.InvalidInput, message);
export const notFound = (what: string) => new CaseworkException(CaseworkErrorCode.NotFound, `No ${what}`);

export const isSupervisor = (actor: Actor) => actor.type === 'staff' && actor.role === 'supervisor';

/** Closing is for the one who holds the work, or a supervisor: nobody else's report or case can be shut quietly. */
export function assertMayClose(actor: Actor, assigneeId: string | null, what: 'report' | 'case'): void {
  if (isSupervisor(actor) || (assigneeId !== null && assigneeId === actor.id)) return;
  throw new CaseworkException(
    CaseworkErrorCode.NotAssignee,
    assigneeId === null ? `Only the assignee or a supervisor may close this ${what}; claim it first` : `Only the assignee or a supervisor may close this ${what}`,
  );
}

export function assertMayReopen(actor: Actor, what: 'report' | 'case'): void {
  if (!isSupervisor(actor)) throw new CaseworkException(CaseworkErrorCode.SupervisorOnly, `Only a supervisor may reopen a closed ${what}`);
}
