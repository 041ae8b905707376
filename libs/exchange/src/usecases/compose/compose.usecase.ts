import { Injectable } from '@nestjs/common';
import type { Actor } from '@fiu/core';
import { ExchangeErrorCode, ExchangeException } from '../../exchange.errors';
import type { ComposeMessageDto } from '../../dto/message.dto';
import { MessageOutcomeResponse } from '../../dto/message.response';
import type { PackageItems } from '../../package-builder';
import { OutboundMessages } from '../../outbound/outbound-messages';

const invalid = (message: string) => new ExchangeException(ExchangeErrorCode.InvalidInput, message);

function required(value: string | undefined, name: string): string {
  if (typeof value !== 'string' || !value.trim()) throw invalid(`${name} is required`);
  return value.trim();
}

/**
 * Composes a message to a partner FIU from what staff wrote. Our own rules per type come first
 * (what Egmont asks of a request; a response or feedback answers a received message); whether it
 * waits for a supervisor is the approval rule's call, made when the message is written.
 */
@Injectable()
export class ComposeUseCase {
  constructor(private readonly outbound: OutboundMessages) {}

  async execute(input: ComposeMessageDto, actor: Actor): Promise<MessageOutcomeResponse> {
    const replyTo = input.inReplyTo ?? null;
    const body: Record<string, unknown> = {};
    switch (input.type) {
      case 'request':
        // What Egmont asks of a request: facts, background, the link to the country, intended use and urgency.
        body.facts = required(input.facts, 'facts');
        body.background = required(input.background, 'background');
        body.linkToCountry = required(input.linkToCountry, 'linkToCountry');
        body.intendedUse = required(input.intendedUse, 'intendedUse');
        if (!input.urgency) throw invalid('urgency is required (normal, urgent, very_urgent)');
        body.urgency = input.urgency;
        break;
      case 'response':
        if (!input.outcome) throw invalid('outcome is required (full, partial, negative)');
        body.outcome = input.outcome;
        if (input.outcome !== 'full') body.reason = required(input.reason, 'reason (required for a partial or negative response)');
        if (!replyTo) throw invalid('a response answers a received request: inReplyTo is required');
        break;
      case 'spontaneous_disclosure':
        break;
      case 'feedback':
        if (!input.usefulness) throw invalid('usefulness is required (very_useful, useful, not_useful)');
        body.usefulness = input.usefulness;
        body.use = required(input.use, 'use');
        if (!replyTo) throw invalid('feedback is about a received message: inReplyTo is required');
        break;
      case 'acknowledgement':
        if (!replyTo) throw invalid('an acknowledgement is about a received message: inReplyTo is required');
        break;
    }
    const items: PackageItems = {
      reportIds: [...new Set(input.reportIds ?? [])],
      subjectIds: [...new Set(input.subjectIds ?? [])],
      receivedMessageIds: [...new Set(input.receivedMessageIds ?? [])],
      narrative: input.narrative?.trim() || null,
    };
    if (input.type === 'spontaneous_disclosure' && !items.narrative && items.reportIds.length + items.subjectIds.length === 0) throw invalid('a spontaneous disclosure needs a narrative, reports or subjects');
    if (!replyTo && !input.country) throw invalid('country is required (ISO 3166-1 alpha-2) unless the message answers a received one');
    return this.outbound.create({ country: input.country ?? null, type: input.type, purpose: input.purpose?.trim() || null, replyTo, body, items }, actor);
  }
}
