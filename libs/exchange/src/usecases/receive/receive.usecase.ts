import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { ANALYSIS_QUEUE, AnalysisJobName, EnvironmentVariables, OutboxService, type Actor } from '@fiu/core';
import { EnvelopeError, EnvelopePayload, open } from '../../envelope/envelope';
import { KeysService } from '../../keys.service';
import { UUID } from '../../outbound/outbound-messages';
import { MESSAGE_TYPES, MessageType } from '../../policy-engine';
import { PartnersService } from '../../partners.service';
import { PolicyService } from '../../policy.service';
import { cut, InboxRefusal, InboxRefusals } from './inbox-refusals';

/**
 * Our inbox: opens and verifies the envelope, refuses a sender whose country our policy now blocks,
 * refuses replays, stores the message with its caveats and queues its cross-check by analysis.
 */
@Injectable()
export class ReceiveUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly policies: PolicyService,
    private readonly partners: PartnersService,
    private readonly keys: KeysService,
    private readonly refusals: InboxRefusals,
    private readonly config: EnvironmentVariables,
  ) {}

  async execute(envelope: string, sourceIp: string | null): Promise<{ messageId: string; status: 'received' }> {
    const ring = await this.keys.ring();
    let payload: EnvelopePayload;
    try {
      payload = await open(envelope, ring, this.config.FIU_COUNTRY, (country) => this.partners.activeJwks(country));
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      return this.refuse(new InboxRefusal(error.reason, error.message), sourceIp);
    }
    // From here the sender is authenticated: payload.iss is a registered, active partner.
    if (!MESSAGE_TYPES.includes(payload.type as MessageType) || typeof payload.body !== 'object' || !payload.body || Array.isArray(payload.body) || !UUID.test(String(payload.thread))) {
      return this.refuse(new InboxRefusal('malformed', 'The message type, thread or body is not one this node accepts'), sourceIp, payload.iss);
    }
    const policy = await this.policies.current(payload.iss);
    if (!policy?.exchangeAllowed) {
      const why = policy ? `exchange with ${payload.iss} is blocked by policy v${policy.version}` : `no exchange policy is set for ${payload.iss}: deny by default`;
      return this.refuse(new InboxRefusal('policy_blocked', `Refused by the receiving FIU's policy: ${why}`), sourceIp, payload.iss);
    }
    const stored = await this.dataSource.transaction(async (manager) => {
      const days = payload.body.urgency === 'very_urgent' ? 2 : payload.body.urgency === 'urgent' ? 5 : policy.responseDeadlineDays;
      const inserted = (await manager.query(
        `INSERT INTO exchange_messages (message_id, direction, country, type, thread_id, in_reply_to, status, purpose, body, caveats, deadline, received_at)
         VALUES ($1, 'in', $2, $3, $4, $5, 'received', $6, $7, $8, CASE WHEN $3 = 'request' THEN now() + make_interval(days => $9::int) END, now())
         ON CONFLICT (direction, message_id) DO NOTHING RETURNING id`,
        [
          payload.jti,
          payload.iss,
          payload.type,
          payload.thread,
          payload.inReplyTo && UUID.test(payload.inReplyTo) ? payload.inReplyTo : null,
          typeof payload.body.purpose === 'string' ? cut(payload.body.purpose, 1000) : null,
          payload.body,
          { originatingFiu: payload.iss, purpose: payload.body.purpose ?? payload.body.intendedUse ?? null, onwardUseNeedsConsent: true, intelligenceNotEvidence: true },
          days,
        ],
      )) as { id: string }[];
      if (!inserted.length) return null;
      const id = inserted[0].id;
      // Fed to analysis like a report: its names and identifiers are checked against our subjects and the lists.
      await this.outbox.add(manager, { queue: ANALYSIS_QUEUE, jobName: AnalysisJobName.CrossCheckExchangeMessage, payload: { exchangeMessageId: id } });
      await this.audit.record(partnerActor(payload.iss, sourceIp), { action: 'exchange.receive', objectType: 'exchange_message', objectId: id, detail: { messageId: payload.jti, type: payload.type } }, manager);
      return id;
    });
    if (!stored) return this.refuse(new InboxRefusal('replay', `Message ${payload.jti} was already received; it takes effect once`), sourceIp, payload.iss);
    return { messageId: payload.jti, status: 'received' };
  }

  private async refuse(refusal: InboxRefusal, sourceIp: string | null, claimedSender?: string): Promise<never> {
    await this.refusals.record(refusal, sourceIp, claimedSender);
    throw refusal;
  }
}

/** A partner FIU as the audit log names it: by the country its verified envelope names. */
function partnerActor(country: string, sourceIp: string | null): Actor {
  return { type: 'partner', id: country, name: `FIU ${country}`, sourceIp };
}
