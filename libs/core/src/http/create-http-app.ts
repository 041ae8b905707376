import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { EnvironmentVariables, validateEnvironment } from '../config/environment-variables';
import { ensureDatabaseExists } from '../database/ensure-database';

export interface HttpAppOptions {
  title: string;
  description: string;
  port: (config: EnvironmentVariables) => number;
  /** Bearer scheme shown in OpenAPI for authenticated routes. */
  bearerAuth?: string;
  /** App-specific set-up before the app initialises, such as extra body parsers. */
  configure?: (app: NestFastifyApplication, config: EnvironmentVariables) => void;
  /** Adds what decorators cannot express to the OpenAPI document (schemas built from configuration). */
  extendDocument?: (document: OpenAPIObject, app: NestFastifyApplication) => void;
}

/** Builds a Fastify-based Nest app with JSON logs, OpenAPI at /docs and graceful shutdown; does not listen. */
export async function createHttpApp(module: Type, options: HttpAppOptions, shutdownHooks = true): Promise<NestFastifyApplication> {
  const config = validateEnvironment(process.env);
  await ensureDatabaseExists(config.DATABASE_URL);
  const adapter = new FastifyAdapter({ bodyLimit: config.MAX_REPORT_BYTES, trustProxy: false });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true, rawBody: true });
  app.useLogger(app.get(Logger));
  options.configure?.(app, config);
  // In the all-in-one process one handler closes every app in order instead.
  if (shutdownHooks) app.enableShutdownHooks();
  const document = new DocumentBuilder().setTitle(options.title).setDescription(options.description).setVersion('1');
  if (options.bearerAuth) document.addBearerAuth({ type: 'http', scheme: 'bearer', description: options.bearerAuth });
  SwaggerModule.setup('docs', app, () => {
    const built = SwaggerModule.createDocument(app, document.build());
    options.extendDocument?.(built, app);
    return built;
  });
  return app;
}

/** Creates the app and listens on its configured port and host. */
export async function startHttpApp(module: Type, options: HttpAppOptions, shutdownHooks = true): Promise<NestFastifyApplication> {
  const app = await createHttpApp(module, options, shutdownHooks);
  const config = app.get(EnvironmentVariables);
  await app.listen(options.port(config), config.HTTP_HOST);
  return app;
}
