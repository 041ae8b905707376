import { ApiProperty } from '@nestjs/swagger';
import { MESSAGE_TYPES } from '../policy-engine';
import type { MessageType } from '../policy-engine';
import { MESSAGE_DIRECTIONS, MESSAGE_STATUSES } from './message.dto';
import { PolicyDecisionResponse } from './policy.response';

/** What compose, approve, resend and the consent routes answer. */
export class MessageOutcomeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MESSAGE_STATUSES, enumName: 'ExchangeMessageStatus', example: 'queued', description: 'draft: waits for a supervisor\'s approval; queued: on its way' }) status: string;
  @ApiProperty({ type: PolicyDecisionResponse, nullable: true, description: 'The policy decision, once the message was checked' }) decision: PolicyDecisionResponse | null;
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null);

/** A message as listed: no content. */
export class MessageSummaryResponse {
  @ApiProperty({ format: 'uuid', description: 'Our id' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The envelope id (jti), known to both FIUs' }) messageId: string;
  @ApiProperty({ enum: MESSAGE_DIRECTIONS, enumName: 'MessageDirection', example: 'out' }) direction: 'in' | 'out';
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ enum: MESSAGE_TYPES, enumName: 'ExchangeMessageType', example: 'request' }) type: MessageType;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The envelope id of the message answered' }) inReplyTo: string | null;
  @ApiProperty({ enum: MESSAGE_STATUSES, enumName: 'ExchangeMessageStatus', example: 'sent' }) status: string;
  @ApiProperty({ type: String, nullable: true, example: 'money laundering analysis' }) purpose: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-08T00:00:00.000Z' }) deadline: string | null;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ type: String, nullable: true, example: 'partner answered 503', description: 'Why delivery failed or the message was stopped: our summary, bounded and sanitised' }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, nullable: true }) receivedAt: string | null;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) createdAt: string;

  static from(row: Record<string, unknown>): MessageSummaryResponse {
    return {
      id: String(row.id),
      messageId: String(row.message_id),
      direction: row.direction as 'in' | 'out',
      country: String(row.country),
      type: row.type as MessageType,
      threadId: String(row.thread_id),
      inReplyTo: (row.in_reply_to as string | null) ?? null,
      status: String(row.status),
      purpose: (row.purpose as string | null) ?? null,
      deadline: iso(row.deadline),
      attempts: Number(row.attempts ?? 0),
      lastError: (row.last_error as string | null) ?? null,
      sentAt: iso(row.sent_at),
      receivedAt: iso(row.received_at),
      createdAt: iso(row.created_at)!,
    };
  }
}

/** One message with its content, caveats, policy decision and delivery state. */
export class MessageResponse extends MessageSummaryResponse {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the author selected (outbound): reportIds, subjectIds, receivedMessageIds, narrative', example: { reportIds: [], subjectIds: [], receivedMessageIds: [], narrative: null } })
  items: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The message: for outbound, with the package the policy built', example: { facts: 'EUR 480,000 moved…', package: { categories: ['narrative'], redaction: 'standard' } } })
  body: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { originatingFiu: 'GB', purpose: 'money laundering analysis', onwardUseNeedsConsent: true, intelligenceNotEvidence: true } }) caveats: Record<string, unknown>;
  @ApiProperty({ type: PolicyDecisionResponse, nullable: true }) policyDecision: PolicyDecisionResponse | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Inbound: what analysis found for its names and identifiers' }) crossCheck: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The supervisor who approved it (four-eyes)' }) approvedBy: string | null;

  static override from(row: Record<string, unknown>): MessageResponse {
    return {
      ...MessageSummaryResponse.from(row),
      items: (row.items as Record<string, unknown>) ?? {},
      body: (row.body as Record<string, unknown>) ?? {},
      caveats: (row.caveats as Record<string, unknown>) ?? {},
      policyDecision: (row.policy_decision as PolicyDecisionResponse | null) ?? null,
      crossCheck: (row.cross_check as Record<string, unknown> | null) ?? null,
      createdBy: (row.created_by as string | null) ?? null,
      approvedBy: (row.approved_by as string | null) ?? null,
    };
  }
}

export class StatisticsRowResponse {
  @ApiProperty({ enum: MESSAGE_DIRECTIONS, enumName: 'MessageDirection', description: 'out: our requests; in: requests we received', example: 'out' }) direction: 'in' | 'out';
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ example: 4 }) answered: number;
  @ApiProperty({ example: 1 }) open: number;
  @ApiProperty({ example: 0 }) overdue: number;
  @ApiProperty({ type: Number, nullable: true, example: 30.5 }) averageHoursToAnswer: number | null;
}
