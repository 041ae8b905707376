import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from '../queue/queue-contracts';

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
    // Plain SQL: one row on every filing's hot path.
    const [row] = (await manager.query('INSERT INTO outbox (queue, job_name, payload) VALUES ($1, $2, $3) RETURNING id', [
      message.queue,
      message.jobName,
      { ...message.payload },
    ])) as { id: string }[];
    return row.id;
  }
}
