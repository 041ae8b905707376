import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccessGuard, CoreConfigModule, DatabaseModule, HealthModule, LoggingModule, OutboxModule, RedisModule } from '@fiu/core';
import { DATA_SOURCE_PARTS } from '@fiu/data-source';
import { ExchangeModule as ExchangeContextModule } from '@fiu/exchange';
import { ExchangeExceptionFilter } from './exchange-exception.filter';
import { ExchangeKeysCheck } from './exchange-keys.check';
import { InboxController } from './inbox.controller';

/** The face partner FIUs see (FIU-to-FIU network): the inbox for envelopes, and our public keys. */
@Module({
  imports: [CoreConfigModule, LoggingModule.forApp('exchange'), DatabaseModule.forRoot(DATA_SOURCE_PARTS), RedisModule, OutboxModule, HealthModule, ExchangeContextModule],
  controllers: [InboxController],
  providers: [
    // Deny by default: every route declares its rule; the inbox authenticates by envelope.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ExchangeExceptionFilter },
    ExchangeKeysCheck,
  ],
})
export class ExchangeModule {}
