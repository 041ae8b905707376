import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { ensureDatabaseExists, validateEnvironment } from '@fiu/core';
import { WorkerModule } from './worker.module';

export async function startWorker(shutdownHooks = true): Promise<INestApplicationContext> {
  await ensureDatabaseExists(validateEnvironment(process.env).DATABASE_URL);
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  if (shutdownHooks) app.enableShutdownHooks();
  await app.init();
  return app;
}
