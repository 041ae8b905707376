import { Global, Module } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxService } from './outbox.service';

@Global()
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}

/** The relay runs where the worker runs; intake only writes rows. */
@Module({ providers: [OutboxRelay], exports: [OutboxRelay] })
export class OutboxRelayModule {}
