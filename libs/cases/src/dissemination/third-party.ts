import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ExchangeErrorCode, ExchangeException, OnwardUseGate, type OnwardRecipient } from '@fiu/exchange';
import type { ConsentState, ThirdPartyItemResponse, ThirdPartyPartnerResponse, ThirdPartySummaryResponse } from '../dto/dissemination.response';

export const domesticRecipient = (authorityCode: string): OnwardRecipient => ({ kind: 'domestic', authority: authorityCode });

/** "2 items need FIU GB's consent", or one line per partner when there are several. */
export function describeBlocked(partners: Pick<ThirdPartyPartnerResponse, 'label' | 'blocked'>[]): string {
  const blocked = partners.filter((partner) => partner.blocked > 0);
  const items = (count: number) => `${count} item${count === 1 ? '' : 's'}`;
  const total = blocked.reduce((sum, partner) => sum + partner.blocked, 0);
  if (total === 0) return partners.length ? "Every partner FIU's consent is recorded" : "No item needs a partner FIU's consent";
  if (blocked.length === 1) return `${items(total)} need${total === 1 ? 's' : ''} ${blocked[0].label}'s consent`;
  return `${items(total)} need partner consent: ${blocked.map((partner) => `${partner.blocked} from ${partner.label}`).join(', ')}`;
}

/**
 * The third-party rule as the console shows it before anyone approves: which received items need
 * which partner's consent. The decision itself is the exchange's OnwardUseGate, asked here and
 * again at approval and at issue; this only adds what was already asked and answered.
 */
@Injectable()
export class ThirdPartyCheck {
  constructor(private readonly gate: OnwardUseGate) {}

  /** Refuses (403 consent_required, naming the partners) while any of these items lacks its originator's consent for this authority. */
  async assertAllowed(manager: EntityManager, receivedMessageIds: string[], authorityCode: string): Promise<void> {
    await this.gate.assertAllowed(manager, receivedMessageIds, domesticRecipient(authorityCode));
  }

  async summarise(manager: EntityManager, receivedMessageIds: string[], authorityCode: string): Promise<ThirdPartySummaryResponse> {
    if (receivedMessageIds.length === 0) return { allowed: true, blockedCount: 0, summary: describeBlocked([]), partners: [] };
    const recipient = domesticRecipient(authorityCode);
    let missing: { id: string; originator: string }[] = [];
    try {
      await this.gate.assertAllowed(manager, receivedMessageIds, recipient);
    } catch (error) {
      if (!(error instanceof ExchangeException) || error.code !== ExchangeErrorCode.ConsentRequired) throw error;
      missing = (error.detail?.missing as { id: string; originator: string }[] | undefined) ?? [];
    }
    // What was asked of the partner, and what it answered, for the items the gate holds back.
    const rows = (await manager.query(
      `SELECT m.id, m.country,
              EXISTS (SELECT 1 FROM exchange_messages q WHERE q.direction = 'out' AND q.type = 'consent_request' AND q.country = m.country
                         AND q.body->>'consentFor' = m.message_id::text AND q.body->'recipient' = $2::jsonb AND q.status IN ('queued', 'sent')) AS requested,
              (SELECT d.body->>'reason' FROM exchange_messages d WHERE d.direction = 'in' AND d.type = 'consent_decision' AND d.country = m.country
                  AND d.body->>'consentFor' = m.message_id::text AND d.body->>'decision' = 'refused' AND d.body->'recipient' = $2::jsonb
                ORDER BY d.created_at DESC LIMIT 1) AS refusal
         FROM exchange_messages m WHERE m.id = ANY($1::uuid[]) ORDER BY m.country, m.id`,
      [receivedMessageIds, JSON.stringify(recipient)],
    )) as { id: string; country: string; requested: boolean; refusal: string | null }[];
    const blocked = new Set(missing.map((item) => item.id));
    const state = (row: (typeof rows)[number]): ConsentState => (!blocked.has(row.id) ? 'granted' : row.refusal !== null ? 'refused' : row.requested ? 'requested' : 'missing');
    const partners = [...new Set(rows.map((row) => row.country.trim()))].map((country): ThirdPartyPartnerResponse => {
      const items: ThirdPartyItemResponse[] = rows
        .filter((row) => row.country.trim() === country)
        .map((row) => ({ receivedMessageId: row.id, originator: country, consent: state(row), reason: row.refusal }));
      return { country, label: `FIU ${country}`, blocked: items.filter((item) => item.consent !== 'granted').length, items };
    });
    return { allowed: blocked.size === 0, blockedCount: blocked.size, summary: describeBlocked(partners), partners };
  }
}
