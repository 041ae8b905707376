import { Injectable } from '@nestjs/common';
import type { Actor } from '@fiu/core';
import { ExchangeErrorCode, ExchangeException } from '../../exchange.errors';
import type { ConsentDecisionDto, ConsentRequestDto } from '../../dto/message.dto';
import { MessageOutcomeResponse } from '../../dto/message.response';
import type { OnwardRecipient } from '../../onward-use.gate';
import type { PackageItems } from '../../package-builder';
import { OutboundMessages } from '../../outbound/outbound-messages';

const noPackage = (): PackageItems => ({ reportIds: [], subjectIds: [], receivedMessageIds: [], narrative: null });

/** The third-party rule's two messages: asking a partner for consent to pass its information on, and answering its requests. */
@Injectable()
export class ConsentUseCase {
  constructor(private readonly outbound: OutboundMessages) {}

  /** Asks the FIU a received message came from for consent to pass it on: one step from the console. */
  async request(receivedId: string, input: ConsentRequestDto, actor: Actor): Promise<MessageOutcomeResponse> {
    const received = await this.outbound.received(receivedId);
    const purpose = input.purpose.trim();
    if (!purpose) throw new ExchangeException(ExchangeErrorCode.InvalidInput, 'purpose is required');
    // Exactly the shape the partner's decision is matched on, whatever else the input held.
    const recipient: OnwardRecipient =
      input.recipient.kind === 'domestic' ? { kind: 'domestic', authority: String(input.recipient.authority) } : { kind: 'country', country: String(input.recipient.country) };
    return this.outbound.create(
      { country: received.country, type: 'consent_request', purpose, replyTo: receivedId, body: { consentFor: received.message_id, recipient, purpose }, items: noPackage() },
      actor,
    );
  }

  /** Answers a partner's consent request: granted, or refused with a reason, as the third-party rule demands. */
  async decide(requestId: string, input: ConsentDecisionDto, actor: Actor): Promise<MessageOutcomeResponse> {
    const request = await this.outbound.received(requestId);
    if (request.type !== 'consent_request') throw new ExchangeException(ExchangeErrorCode.InvalidInput, 'this received message is not a consent request');
    const body: Record<string, unknown> = { consentFor: request.body.consentFor, recipient: request.body.recipient, decision: input.decision };
    if (input.decision === 'refused') {
      if (!input.reason?.trim()) throw new ExchangeException(ExchangeErrorCode.InvalidInput, 'reason is required: a refusal must give one');
      body.reason = input.reason.trim();
    }
    return this.outbound.create({ country: request.country, type: 'consent_decision', purpose: null, replyTo: requestId, body, items: noPackage() }, actor);
  }
}
