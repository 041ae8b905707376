import { startHttpApp } from '@fiu/core';
import { ExchangeModule } from './exchange.module';

export const EXCHANGE_APP = {
  title: 'FIU exchange API',
  description: 'Partner FIUs: signed and encrypted requests, disclosures, consent and feedback.',
  port: (config: { EXCHANGE_PORT: number }) => config.EXCHANGE_PORT,
};

export const startExchange = (shutdownHooks = true) => startHttpApp(ExchangeModule, EXCHANGE_APP, shutdownHooks);
