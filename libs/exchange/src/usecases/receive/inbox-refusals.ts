import { Injectable } from '@nestjs/common';
import { AuditService } from '@fiu/audit';
import type { Actor } from '@fiu/core';
import type { EnvelopeRefusal } from '../../envelope/envelope';

/** Why our inbox refused an envelope: the envelope's own checks, or the sender country's policy. */
export type InboxRefusalReason = EnvelopeRefusal | 'policy_blocked';

/** Refused at our inbox; `reason` says which check failed. */
export class InboxRefusal extends Error {
  constructor(
    readonly reason: InboxRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'InboxRefusal';
  }
}

/** At most this much of anything an unauthenticated sender chose is written to the audit log. */
export const ECHO_LIMIT = 300;

export const cut = (text: string, limit = ECHO_LIMIT) => (text.length > limit ? `${text.slice(0, limit)}…` : text);

/**
 * The one place a refusal at the inbox is recorded. Today one audit entry per refusal, with every
 * value the sender chose cut short; the counted, sampled audit of pre-authentication refusals
 * replaces this single call when it lands.
 */
@Injectable()
export class InboxRefusals {
  constructor(private readonly audit: AuditService) {}

  async record(refusal: InboxRefusal, sourceIp: string | null, claimedSender?: unknown): Promise<void> {
    const sender = typeof claimedSender === 'string' && /^[A-Z]{2}$/.test(claimedSender) ? claimedSender : 'unknown';
    const actor: Actor = { type: 'partner', id: sender, name: `FIU ${sender}`, sourceIp };
    await this.audit.record(actor, { action: 'exchange.inbox_refused', objectType: 'exchange_message', detail: { reason: refusal.reason, message: cut(refusal.message) } });
  }
}
