import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { KeysService } from '@fiu/exchange';

/** The exchange face does not start without usable keys: in production a key file is required; elsewhere one is generated on first start. */
@Injectable()
export class ExchangeKeysCheck implements OnApplicationBootstrap {
  constructor(private readonly keys: KeysService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.prepare();
  }
}
