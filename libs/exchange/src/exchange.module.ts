import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@fiu/audit';
import { OutboxModule } from '@fiu/core';
import { EXCHANGE_ENTITIES } from './exchange.entities';
import { KeysService } from './keys.service';
import { MessagesService } from './messages.service';
import { OnwardUseGate } from './onward-use.gate';
import { OutboundMessages } from './outbound/outbound-messages';
import { ReleaseCheck } from './outbound/release-check';
import { PartnerClient } from './partner-client/partner-client';
import { PartnersService } from './partners.service';
import { PolicyService } from './policy.service';
import { ApproveUseCase } from './usecases/approve/approve.usecase';
import { ComposeUseCase } from './usecases/compose/compose.usecase';
import { ConsentUseCase } from './usecases/consent/consent.usecase';
import { DeliverUseCase } from './usecases/deliver/deliver.usecase';
import { InboxRefusals } from './usecases/receive/inbox-refusals';
import { ReceiveUseCase } from './usecases/receive/receive.usecase';
import { RemindUseCase } from './usecases/remind/remind.usecase';

const USE_CASES = [ComposeUseCase, ApproveUseCase, ConsentUseCase, DeliverUseCase, ReceiveUseCase, RemindUseCase];

/** Exchange with partner FIUs: registry, per-country policy, envelopes, messages, consent. */
@Module({
  imports: [TypeOrmModule.forFeature(EXCHANGE_ENTITIES), AuditModule, OutboxModule],
  providers: [KeysService, PartnersService, PolicyService, OnwardUseGate, MessagesService, PartnerClient, ReleaseCheck, OutboundMessages, InboxRefusals, ...USE_CASES],
  exports: [KeysService, PartnersService, PolicyService, OnwardUseGate, MessagesService, ...USE_CASES],
})
export class ExchangeModule {}
