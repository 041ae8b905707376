import { Catch, HttpStatus } from '@nestjs/common';
import { ApiErrorBody, ApiExceptionFilter } from '@fiu/core';
import { ExchangeErrorCode, ExchangeException, InboxRefusal } from '@fiu/exchange';

const STATUS: Record<string, number> = {
  malformed: HttpStatus.BAD_REQUEST,
  downgrade: HttpStatus.BAD_REQUEST,
  not_for_us: HttpStatus.BAD_REQUEST,
  tampered: HttpStatus.BAD_REQUEST,
  wrong_recipient: HttpStatus.BAD_REQUEST,
  expired: HttpStatus.BAD_REQUEST,
  unknown_sender: HttpStatus.UNAUTHORIZED,
  bad_signature: HttpStatus.UNAUTHORIZED,
  replay: HttpStatus.CONFLICT,
};

/** Partners get the reason of a refusal (they need it to fix their side) and nothing more. */
@Catch()
export class ExchangeExceptionFilter extends ApiExceptionFilter {
  protected override toBody(exception: unknown): ApiErrorBody & { reason?: string } {
    if (exception instanceof InboxRefusal) return { statusCode: STATUS[exception.reason] ?? HttpStatus.BAD_REQUEST, code: 'refused', reason: exception.reason, message: exception.message };
    if (exception instanceof ExchangeException && exception.code === ExchangeErrorCode.KeysUnavailable) {
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: exception.code, message: 'This node is not configured for exchange' };
    }
    return super.toBody(exception);
  }
}
