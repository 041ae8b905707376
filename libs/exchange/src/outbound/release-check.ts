import { Injectable } from '@nestjs/common';
import type { Actor } from '@fiu/core';
import { EntityManager } from 'typeorm';
import { ExchangeErrorCode, ExchangeException } from '../exchange.errors';
import { OnwardUseGate } from '../onward-use.gate';
import type { DataCategory, PolicyDecision } from '../policy-engine';
import { PolicyService } from '../policy.service';

export interface ReleaseProposal {
  country: string;
  type: string;
  purpose: string | null;
  /** The categories the package carries (or would carry). */
  categories: DataCategory[];
  receivedMessageIds: string[];
}

export interface ReleaseVerdict {
  decision: PolicyDecision;
  /** Null when the message may go. */
  refusal: ExchangeException | null;
}

/**
 * The one check a message passes before it leaves: the country's policy in force now, then the
 * third-party rule. Run at approval (and for messages that go at once), again at each delivery
 * and at resend, and by the explain route, so a policy tightened after approval stops the message.
 */
@Injectable()
export class ReleaseCheck {
  constructor(
    private readonly policies: PolicyService,
    private readonly gate: OnwardUseGate,
  ) {}

  /**
   * `approvedPackage`: the package was built and approved already, so every category it carries
   * must still be allowed as a whole (nothing is re-cut after approval: it is stopped instead).
   */
  async check(manager: EntityManager, proposal: ReleaseProposal, actor: Actor, options: { approvedPackage?: boolean } = {}): Promise<ReleaseVerdict> {
    // Audited by the caller at the end of its transaction: the audit log's chain lock is then held briefly.
    const decision = await this.policies.decide({ country: proposal.country, type: proposal.type, purpose: proposal.purpose, categories: proposal.categories }, actor, manager, { audit: false });
    if (!decision.allowed) return { decision, refusal: new ExchangeException(ExchangeErrorCode.PolicyDenied, `Refused by policy: ${decision.reasons.join('; ')}`, { decision }) };
    if (options.approvedPackage && decision.removed.length) {
      const reasons = decision.removed.map((removed) => removed.reason);
      const narrowed: PolicyDecision = { ...decision, allowed: false, reasons: [...reasons, 'the approved package can no longer go as approved'] };
      return { decision: narrowed, refusal: new ExchangeException(ExchangeErrorCode.PolicyDenied, `Refused by policy: ${narrowed.reasons.join('; ')}`, { decision: narrowed }) };
    }
    try {
      await this.gate.assertAllowed(manager, proposal.receivedMessageIds, { kind: 'country', country: proposal.country });
    } catch (error) {
      if (!(error instanceof ExchangeException)) throw error;
      return { decision, refusal: error };
    }
    return { decision, refusal: null };
  }
}
