import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Params } from 'nestjs-pino';
import { EnvironmentVariables } from '../config/environment-variables';

/** Paths pino must never print: credentials travel in these headers. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
];

/** Structured JSON logs. Requests are logged by method, route and status only: never bodies. */
export function loggerParams(config: EnvironmentVariables, app: string): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { app, fiu: config.FIU_COUNTRY },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string; headers?: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          // Query strings may carry identifiers; keep the path only.
          url: String(req.url).split('?')[0],
          contentType: req.headers?.['content-type'],
          contentLength: req.headers?.['content-length'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      transport: config.LOG_PRETTY ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    },
  };
}

@Module({})
export class LoggingModule {
  static forApp(app: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [EnvironmentVariables],
          useFactory: (config: EnvironmentVariables) => loggerParams(config, app),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
