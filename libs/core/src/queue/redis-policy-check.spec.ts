import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisPolicyCheck } from './redis.module';

function setup(policy: string) {
  const redis = { status: 'ready', config: jest.fn().mockResolvedValue(['maxmemory-policy', policy]) } as unknown as Redis;
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  return { sut: new RedisPolicyCheck(redis), mocks: { warn } };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RedisPolicyCheck', () => {
  afterEach(() => jest.restoreAllMocks());

  it('warns loudly when Redis may evict jobs', async () => {
    const { sut, mocks } = setup('allkeys-lru');
    sut.onApplicationBootstrap();
    await settle();
    expect(mocks.warn).toHaveBeenCalledWith(expect.stringContaining('maxmemory-policy is "allkeys-lru", not "noeviction"'));
  });

  it('stays quiet with noeviction', async () => {
    const { sut, mocks } = setup('noeviction');
    sut.onApplicationBootstrap();
    await settle();
    expect(mocks.warn).not.toHaveBeenCalled();
  });
});
