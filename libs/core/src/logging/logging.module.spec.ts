import { Writable } from 'node:stream';
import pino from 'pino';
import { validateEnvironment } from '../config/environment-variables';
import { loggerParams } from './logging.module';

describe('loggerParams', () => {
  it('never writes the Authorization header, cookies or query strings', () => {
    const params = loggerParams(validateEnvironment({}), 'intake');
    const http = params.pinoHttp as pino.LoggerOptions;
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ ...http, transport: undefined }, sink);
    const req = {
      id: 1,
      method: 'POST',
      url: '/v1/reports?iban=NL91ABNA0417164300',
      headers: { authorization: 'Bearer fiu_secretsecret', cookie: 'session=abc', 'content-type': 'application/json' },
    };
    logger.info({ req }, 'request completed');
    const output = lines.join('');
    expect(output).toContain('"method":"POST"');
    expect(output).not.toContain('fiu_secretsecret');
    expect(output).not.toContain('session=abc');
    expect(output).not.toContain('NL91ABNA0417164300');
  });
});
