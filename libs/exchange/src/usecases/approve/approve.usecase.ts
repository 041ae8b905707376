import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@fiu/core';
import { ExchangeErrorCode, ExchangeException } from '../../exchange.errors';
import { MessageOutcomeResponse } from '../../dto/message.response';
import { assertMayApprove } from '../../outbound/approval-rule';
import { OutboundMessages, settle, Trail } from '../../outbound/outbound-messages';

/** Four-eyes: a supervisor who did not write the message lets it go; the release check then decides what goes. */
@Injectable()
export class ApproveUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbound: OutboundMessages,
  ) {}

  async execute(id: string, actor: Actor): Promise<MessageOutcomeResponse> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const row = await this.outbound.lock(manager, id);
      assertMayApprove(row, actor);
      if (row.status !== 'draft') throw new ExchangeException(ExchangeErrorCode.InvalidTransition, `A message ${row.status} cannot be approved`);
      await manager.query('UPDATE exchange_messages SET approved_by = $2 WHERE id = $1', [id, actor.id]);
      const trail: Trail = [['exchange.approve', id, {}]];
      const outcome = await this.outbound.release(manager, { ...row, approved_by: actor.id }, actor, trail);
      await this.outbound.writeTrail(manager, actor, trail);
      return outcome;
    });
    return settle(outcome);
  }
}
