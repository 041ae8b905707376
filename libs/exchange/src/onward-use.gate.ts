import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ExchangeErrorCode, ExchangeException } from './exchange.errors';

/** Where information received from a partner FIU would go next. */
export type OnwardRecipient = { kind: 'domestic'; authority: string } | { kind: 'country'; country: string };

export const describeRecipient = (recipient: OnwardRecipient) =>
  recipient.kind === 'domestic' ? `domestic authority ${recipient.authority}` : `FIU ${recipient.country}`;

/**
 * The third-party rule, in one place: information received from a partner FIU goes on (to a
 * domestic authority, or to another country) only once its originator's consent for that
 * recipient is recorded. The console's disseminations and the exchange's outbound messages both
 * ask here; nothing else decides it.
 */
@Injectable()
export class OnwardUseGate {
  /** Throws consent_required naming each received message that lacks consent for this recipient. */
  async assertAllowed(manager: EntityManager, receivedMessageIds: string[], recipient: OnwardRecipient): Promise<void> {
    if (receivedMessageIds.length === 0) return;
    const rows = (await manager.query(
      `SELECT m.id, m.country, m.message_id,
              EXISTS (
                SELECT 1 FROM exchange_messages d
                 WHERE d.direction = 'in' AND d.type = 'consent_decision' AND d.country = m.country
                   AND d.body->>'consentFor' = m.message_id::text AND d.body->>'decision' = 'granted'
                   AND (d.body->'recipient' = $2::jsonb OR d.body->'recipient' = '"any"'::jsonb)
              ) AS consented
         FROM exchange_messages m WHERE m.id = ANY($1::uuid[]) AND m.direction = 'in'`,
      [receivedMessageIds, JSON.stringify(recipient)],
    )) as { id: string; country: string; message_id: string; consented: boolean }[];
    if (rows.length !== new Set(receivedMessageIds).size) {
      throw new ExchangeException(ExchangeErrorCode.NotFound, 'Every item from a partner must be a received exchange message');
    }
    // Sending it back to the FIU it came from needs no consent.
    const missing = rows.filter((row) => !row.consented && !(recipient.kind === 'country' && recipient.country === row.country));
    if (missing.length) {
      throw new ExchangeException(
        ExchangeErrorCode.ConsentRequired,
        `Third-party rule: no recorded consent of ${[...new Set(missing.map((row) => `FIU ${row.country}`))].join(', ')} to pass ${missing.length} received message(s) to ${describeRecipient(recipient)}`,
        { missing: missing.map((row) => ({ id: row.id, originator: row.country })) },
      );
    }
  }
}
