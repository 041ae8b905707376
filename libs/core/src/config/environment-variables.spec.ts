import { ConfigValidationError, validateEnvironment } from './environment-variables';

describe('validateEnvironment', () => {
  it('runs on defaults against local PostgreSQL and Redis', () => {
    const config = validateEnvironment({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/fiu');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.INTAKE_PORT).toBe(3001);
    expect(config.CONSOLE_PORT).toBe(3002);
    expect(config.EXCHANGE_PORT).toBe(3003);
  });

  it('converts numeric and boolean strings', () => {
    const config = validateEnvironment({ INTAKE_PORT: '4001', LOG_PRETTY: 'true' });
    expect(config.INTAKE_PORT).toBe(4001);
    expect(config.LOG_PRETTY).toBe(true);
  });

  it('lists every problem at once', () => {
    let caught: unknown;
    try {
      validateEnvironment({ DATABASE_URL: 'mysql://x', INTAKE_PORT: 'abc', FIU_COUNTRY: 'nld' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const problems = (caught as ConfigValidationError).problems.join('\n');
    expect(problems).toContain('DATABASE_URL');
    expect(problems).toContain('INTAKE_PORT');
    expect(problems).toContain('FIU_COUNTRY');
  });

  it('ignores variables it does not own', () => {
    expect(() => validateEnvironment({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});
