import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from '../queue/queue-contracts';
import { OutboxEntry } from './outbox-entry.entity';

@Injectable()
export class OutboxService {
  /**
   * Records later work inside the caller's transaction: pass the transaction's manager, so the
   * domain change and its outbox row commit or roll back together.
   */
  async add(manager: EntityManager, message: OutboxMessage): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.add must run inside a transaction');
    }
    const result = await manager.insert(OutboxEntry, {
      queue: message.queue,
      jobName: message.jobName,
      payload: { ...message.payload },
    });
    return result.identifiers[0].id as string;
  }
}
