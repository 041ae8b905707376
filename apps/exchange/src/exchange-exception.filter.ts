import { Catch, HttpStatus } from '@nestjs/common';
import { ApiErrorBody, ApiExceptionFilter, assertUnreachable } from '@fiu/core';
import { ExchangeErrorCode, ExchangeException, InboxRefusal, InboxRefusalReason } from '@fiu/exchange';

function refusalStatus(reason: InboxRefusalReason): number {
  switch (reason) {
    case 'malformed':
    case 'downgrade':
    case 'not_for_us':
    case 'tampered':
    case 'wrong_recipient':
    case 'expired':
      return HttpStatus.BAD_REQUEST;
    case 'unknown_sender':
    case 'bad_signature':
      return HttpStatus.UNAUTHORIZED;
    case 'policy_blocked':
      return HttpStatus.FORBIDDEN;
    case 'replay':
      return HttpStatus.CONFLICT;
    default:
      return assertUnreachable(reason);
  }
}

/** Partners get the reason of a refusal (they need it to fix their side) and nothing more. */
@Catch()
export class ExchangeExceptionFilter extends ApiExceptionFilter {
  protected override toBody(exception: unknown): ApiErrorBody & { reason?: string } {
    if (exception instanceof InboxRefusal) return { statusCode: refusalStatus(exception.reason), code: 'refused', reason: exception.reason, message: exception.message };
    if (exception instanceof ExchangeException && exception.code === ExchangeErrorCode.KeysUnavailable) {
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: exception.code, message: 'This node is not configured for exchange' };
    }
    return super.toBody(exception);
  }
}
