import { startHttpApp } from '@fiu/core';
import { ConsoleModule } from './console.module';

export const CONSOLE_APP = {
  title: 'FIU console API',
  description: 'FIU analysts and supervisors: triage, cases, search, dissemination.',
  port: (config: { CONSOLE_PORT: number }) => config.CONSOLE_PORT,
  bearerAuth: 'Staff access token from POST /v1/auth/login',
};

export const startConsole = (shutdownHooks = true) => startHttpApp(ConsoleModule, CONSOLE_APP, shutdownHooks);
