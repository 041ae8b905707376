import { EntityManager } from 'typeorm';
import { ANALYSIS_QUEUE, AnalysisJobName } from '../queue/queue-contracts';
import { OutboxService } from './outbox.service';

function setup(inTransaction: boolean) {
  const insert = jest.fn().mockResolvedValue([{ id: 'row-1' }]);
  const manager = { queryRunner: inTransaction ? { isTransactionActive: true } : undefined, query: insert } as unknown as EntityManager;
  return { sut: new OutboxService(), mocks: { manager, insert } };
}

const message = { queue: ANALYSIS_QUEUE, jobName: AnalysisJobName.AnalyseReport, payload: { reportId: 'r-1' } } as const;

describe('OutboxService', () => {
  it('writes the row through the caller\'s transaction', async () => {
    const { sut, mocks } = setup(true);
    await expect(sut.add(mocks.manager, message)).resolves.toBe('row-1');
    expect(mocks.insert).toHaveBeenCalledWith(expect.stringContaining('INSERT INTO outbox'), ['analysis', 'report.analyse', { reportId: 'r-1' }]);
  });

  it('refuses to write outside a transaction, where the row could outlive a rolled-back change', async () => {
    const { sut, mocks } = setup(false);
    await expect(sut.add(mocks.manager, message)).rejects.toThrow('inside a transaction');
    expect(mocks.insert).not.toHaveBeenCalled();
  });
});
