import type { Actor } from '@fiu/core';
import { ExchangeErrorCode, ExchangeException } from '../exchange.errors';
import type { PackageItems } from '../package-builder';
import { MessageType, PROCEDURAL_TYPES } from '../policy-engine';

/**
 * The four-eyes rule for outbound messages, in one place. A package is anything of ours or a
 * partner's that a message would carry: reports, subjects, received messages, a narrative.
 */
export function carriesPackage(items: PackageItems): boolean {
  return items.reportIds.length > 0 || items.subjectIds.length > 0 || items.receivedMessageIds.length > 0 || !!items.narrative;
}

/** Requests, responses and disclosures always wait for a supervisor; procedural messages only when they carry a package. */
export function needsApproval(type: MessageType, items: PackageItems): boolean {
  return !PROCEDURAL_TYPES.has(type) || carriesPackage(items);
}

/** Only a supervisor who did not write the message lets it go. */
export function assertMayApprove(message: { created_by: string | null }, approver: Actor): void {
  if (approver.type !== 'staff' || approver.role !== 'supervisor') {
    throw new ExchangeException(ExchangeErrorCode.FourEyes, 'Four-eyes: only a supervisor approves a message to a partner FIU');
  }
  if (message.created_by === approver.id) {
    throw new ExchangeException(ExchangeErrorCode.FourEyes, 'Four-eyes: the author of a message cannot approve it; another supervisor must');
  }
}

/** Read back from a row: the items kept at compose time. */
export function itemsOf(row: { items: Record<string, unknown> }): PackageItems {
  const items = row.items as Partial<PackageItems>;
  return {
    reportIds: Array.isArray(items.reportIds) ? items.reportIds : [],
    subjectIds: Array.isArray(items.subjectIds) ? items.subjectIds : [],
    receivedMessageIds: Array.isArray(items.receivedMessageIds) ? items.receivedMessageIds : [],
    narrative: typeof items.narrative === 'string' ? items.narrative : null,
  };
}
