import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EnvironmentVariables, startHttpApp } from '@fiu/core';
import { ExchangeModule } from './exchange.module';

export const EXCHANGE_APP = {
  title: 'FIU exchange API',
  description: 'Partner FIUs: signed and encrypted requests, disclosures, consent and feedback.',
  port: (config: { EXCHANGE_PORT: number }) => config.EXCHANGE_PORT,
  configure: (app: NestFastifyApplication, config: EnvironmentVariables) => {
    // Envelopes arrive as compact JWE text; the inbox opens and verifies them itself.
    app
      .getHttpAdapter()
      .getInstance()
      .addContentTypeParser('application/jose', { parseAs: 'string', bodyLimit: config.MAX_REPORT_BYTES }, (_request, body, done) => done(null, body));
  },
};

export const startExchange = (shutdownHooks = true) => startHttpApp(ExchangeModule, EXCHANGE_APP, shutdownHooks);
