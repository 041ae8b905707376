import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@fiu/audit';
import { OutboxModule } from '@fiu/core';
import { EXCHANGE_ENTITIES } from './exchange.entities';
import { KeysService } from './keys.service';
import { MessagesService } from './messages.service';
import { OnwardUseGate } from './onward-use.gate';
import { PartnersService } from './partners.service';
import { PolicyService } from './policy.service';

/** Exchange with partner FIUs: registry, per-country policy, envelopes, messages, consent. */
@Module({
  imports: [TypeOrmModule.forFeature(EXCHANGE_ENTITIES), AuditModule, OutboxModule],
  providers: [KeysService, PartnersService, PolicyService, OnwardUseGate, MessagesService],
  exports: [KeysService, PartnersService, PolicyService, OnwardUseGate, MessagesService],
})
export class ExchangeModule {}
