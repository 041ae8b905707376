import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { EnvironmentVariables, systemActor, type Actor } from '@fiu/core';
import { ENVELOPE_TTL_SECONDS, EnvelopePayload, recipientKey, seal } from '../../envelope/envelope';
import { ExchangeErrorCode, ExchangeException } from '../../exchange.errors';
import { Partner } from '../../exchange.entities';
import { MessageOutcomeResponse } from '../../dto/message.response';
import { KeysService } from '../../keys.service';
import { itemsOf, needsApproval } from '../../outbound/approval-rule';
import { OutboundMessages, OutboundRow, settle, Trail } from '../../outbound/outbound-messages';
import { PartnerClient } from '../../partner-client/partner-client';

const DELIVERY = systemActor('exchange.delivery');

export type DeliveryResult = 'sent' | 'already_sent' | 'stopped' | 'not_queued';

/**
 * The worker's delivery: check the message again (four-eyes done, policy and third-party rule as
 * they stand now), seal it, POST it through the PartnerClient. A partner that is down makes the
 * job retry with backoff; a message stopped by the check stays refused with the reason on it.
 */
@Injectable()
export class DeliverUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbound: OutboundMessages,
    private readonly keys: KeysService,
    private readonly client: PartnerClient,
    private readonly config: EnvironmentVariables,
  ) {}

  async execute(id: string): Promise<DeliveryResult> {
    const checked = await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query("SELECT * FROM exchange_messages WHERE id = $1 AND direction = 'out' FOR UPDATE", [id])) as OutboundRow[];
      if (!row) throw new UnrecoverableError(`No outbound message ${id}`);
      if (row.status === 'sent') return 'already_sent' as const;
      if (row.status !== 'queued') return 'not_queued' as const;
      const trail: Trail = [];
      if (needsApproval(row.type, itemsOf(row)) && !row.approved_by) {
        const refusal = new ExchangeException(ExchangeErrorCode.FourEyes, 'Stopped at delivery: the message carries a package and no supervisor approved it');
        await this.outbound.refuse(manager, row, null, refusal, trail, 'exchange.stopped');
      } else {
        const { decision, refusal } = await this.outbound.recheck(manager, row, DELIVERY);
        if (refusal) await this.outbound.refuse(manager, row, decision, new ExchangeException(refusal.code, `Stopped at delivery: ${refusal.message}`), trail, 'exchange.stopped');
      }
      if (trail.length) {
        await this.outbound.writeTrail(manager, DELIVERY, trail);
        return 'stopped' as const;
      }
      return row;
    });
    if (typeof checked === 'string') return checked;
    return this.send(checked);
  }

  /** After the last attempt: visible to staff as failed, with the reason, until someone resends it. */
  async markFailed(id: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, affected]. Only a message still on its way fails: a stopped one stays refused.
      const [updated] = (await manager.query("UPDATE exchange_messages SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'queued' RETURNING id", [id, reason.slice(0, 500)])) as [unknown[], number];
      if (updated.length) await this.audit.record(DELIVERY, { action: 'exchange.delivery_failed', objectType: 'exchange_message', objectId: id, detail: { reason: reason.slice(0, 500) } }, manager);
    });
  }

  /** Sends a message that exhausted its delivery attempts again, from the start, once it passes the release check as it stands now. */
  async resend(id: string, actor: Actor): Promise<MessageOutcomeResponse> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const row = await this.outbound.lock(manager, id);
      if (row.status !== 'failed') throw new ExchangeException(ExchangeErrorCode.InvalidTransition, `Only a failed message can be resent; this one is ${row.status}`);
      const trail: Trail = [];
      const { decision, refusal } = await this.outbound.recheck(manager, row, actor);
      if (refusal) {
        const outcome = await this.outbound.refuse(manager, row, decision, new ExchangeException(refusal.code, `Not resent: ${refusal.message}`, refusal.detail), trail, 'exchange.refused');
        await this.outbound.writeTrail(manager, actor, trail);
        return outcome;
      }
      await manager.query("UPDATE exchange_messages SET status = 'queued', attempts = 0, last_error = NULL, policy_decision = $2, updated_at = now() WHERE id = $1", [id, decision]);
      await this.outbound.queue(manager, id);
      trail.push({ decision, purpose: row.purpose }, ['exchange.resend', id, {}]);
      await this.outbound.writeTrail(manager, actor, trail);
      return { id, status: 'queued', decision, refusal: null };
    });
    return settle(outcome);
  }

  private async send(row: OutboundRow): Promise<'sent'> {
    // The release check found the partner active; its trusted keys may still be unconfirmed.
    const partner = await this.dataSource.manager.findOneByOrFail(Partner, { country: row.country });
    let recipient: Awaited<ReturnType<typeof recipientKey>>;
    try {
      recipient = await recipientKey(partner.jwks as never);
    } catch {
      const reason = `no confirmed encryption key for partner FIU ${partner.country}: an admin confirms its key set first`;
      await this.markFailed(row.id, reason);
      throw new UnrecoverableError(reason);
    }
    const now = Math.floor(Date.now() / 1000);
    const payload: EnvelopePayload = {
      jti: row.message_id,
      iss: this.config.FIU_COUNTRY,
      aud: partner.country,
      iat: now,
      exp: now + ENVELOPE_TTL_SECONDS,
      type: row.type,
      thread: row.thread_id,
      inReplyTo: row.in_reply_to,
      body: row.body,
    };
    const envelope = await seal(payload, await this.keys.ring(), recipient);
    await this.dataSource.query('UPDATE exchange_messages SET attempts = attempts + 1, updated_at = now() WHERE id = $1', [row.id]);
    const outcome = await this.client.deliver({ country: partner.country, endpointUrl: partner.endpointUrl, allowPrivateNetwork: partner.allowPrivateNetwork }, envelope);
    if (outcome.kind === 'delivered') {
      await this.dataSource.query("UPDATE exchange_messages SET status = 'sent', sent_at = coalesce(sent_at, now()), last_error = NULL, updated_at = now() WHERE id = $1", [row.id]);
      return 'sent';
    }
    if (outcome.kind === 'refused') {
      await this.markFailed(row.id, outcome.summary);
      throw new UnrecoverableError(outcome.summary);
    }
    await this.dataSource.query('UPDATE exchange_messages SET last_error = $2 WHERE id = $1', [row.id, outcome.summary]);
    throw new Error(outcome.summary);
  }
}
