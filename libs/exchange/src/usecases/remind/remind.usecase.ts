import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@fiu/audit';
import { systemActor } from '@fiu/core';

export interface DueRequest {
  id: string;
  direction: string;
  country: string;
  deadline: Date;
}

/** Requests close to their deadline (ours to answer) or past it (theirs): reminded once each. */
@Injectable()
export class RemindUseCase {
  private readonly logger = new Logger(RemindUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async execute(withinHours = 48): Promise<DueRequest[]> {
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, affected].
      const [due] = (await manager.query(
        `UPDATE exchange_messages q SET reminded_at = now()
          WHERE q.type = 'request' AND q.reminded_at IS NULL AND q.deadline IS NOT NULL
            AND ((q.direction = 'in' AND q.deadline <= now() + make_interval(hours => $1::int)) OR (q.direction = 'out' AND q.deadline <= now()))
            AND NOT EXISTS (SELECT 1 FROM exchange_messages a WHERE a.type = 'response' AND a.direction <> q.direction AND a.in_reply_to = q.message_id)
        RETURNING q.id, q.direction, q.country, q.deadline`,
        [withinHours],
      )) as [DueRequest[], number];
      for (const request of due) {
        await this.audit.record(systemActor('exchange.reminders'), { action: 'exchange.deadline_reminder', objectType: 'exchange_message', objectId: request.id, detail: { direction: request.direction, country: request.country, deadline: request.deadline } }, manager);
        this.logger.warn({ messageId: request.id, country: request.country, deadline: request.deadline }, request.direction === 'in' ? 'a partner request is due for an answer' : 'a partner has not answered our request by its deadline');
      }
      return due;
    });
  }
}
