import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { ApiErrorBody } from './api-error';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/**
 * Base filter for every HTTP app: maps HttpExceptions to `ApiErrorBody`, turns anything else
 * into a 500 whose `errorId` is also logged. Apps extend `toBody` for their context exceptions.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  protected readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    void reply.status(body.statusCode).send(body);
  }

  protected toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const detail = typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
      const message = Array.isArray(detail.message) ? detail.message.join('; ') : String(detail.message ?? exception.message);
      return {
        statusCode,
        code: typeof detail.code === 'string' ? detail.code : (STATUS_CODES[statusCode] ?? 'error'),
        message,
        ...(Array.isArray(detail.errors) ? { errors: detail.errors } : {}),
        // Terminus puts the per-dependency health report here; keep it on a 503.
        ...(detail.details ? { info: detail.info, error: detail.error, details: detail.details } : {}),
      };
    }
    // Fastify's own errors (body too large, bad JSON, wrong content type) carry a statusCode.
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      return {
        statusCode: fastifyError.statusCode,
        code: STATUS_CODES[fastifyError.statusCode] ?? 'bad_request',
        message: fastifyError.message ?? 'Bad request',
      };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, ...safeErrorFields(exception) }, 'Unhandled error');
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'internal_error',
      message: 'Internal error; quote the errorId when reporting it',
      errorId,
    };
  }
}

/**
 * What may be logged of an unexpected error: its class, driver code and stack. Never the whole
 * object: a database error carries the failing query's parameters, which hold report content.
 */
export function safeErrorFields(error: unknown): { errorName: string; errorCode?: string; stack?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  return { errorName: error.name, errorCode: typeof code === 'string' ? code : undefined, stack: error.stack };
}
