import { redisOptionsFromUrl } from './redis-options';

describe('redisOptionsFromUrl', () => {
  it('reads host, port and database', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1:6380/2')).toMatchObject({ host: '127.0.0.1', port: 6380, db: 2 });
  });

  it('decodes credentials and turns on TLS for rediss', () => {
    const options = redisOptionsFromUrl('rediss://user:p%40ss@redis.example:6379');
    expect(options).toMatchObject({ username: 'user', password: 'p@ss', tls: {} });
  });

  it('defaults the port and database', () => {
    expect(redisOptionsFromUrl('redis://localhost')).toMatchObject({ port: 6379, db: 0 });
  });
});
