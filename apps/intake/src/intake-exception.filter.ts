import { Catch, HttpStatus } from '@nestjs/common';
import { ApiErrorBody, ApiExceptionFilter, assertUnreachable } from '@fiu/core';
import { ReportsErrorCode, ReportsException } from '@fiu/reports';

function statusOf(code: ReportsErrorCode): number {
  switch (code) {
    case ReportsErrorCode.ValidationFailed:
    case ReportsErrorCode.InvalidEntity:
    case ReportsErrorCode.InvalidIdempotencyKey:
      return HttpStatus.BAD_REQUEST;
    case ReportsErrorCode.EntitySuspended:
      return HttpStatus.FORBIDDEN;
    case ReportsErrorCode.ReportNotFound:
    case ReportsErrorCode.EntityNotFound:
    case ReportsErrorCode.ApiKeyNotFound:
    case ReportsErrorCode.RequestNotFound:
      return HttpStatus.NOT_FOUND;
    case ReportsErrorCode.ReferenceConflict:
    case ReportsErrorCode.EntityExists:
    case ReportsErrorCode.AmendmentMismatch:
    case ReportsErrorCode.NotExportable:
    case ReportsErrorCode.RequestClosed:
      return HttpStatus.CONFLICT;
    case ReportsErrorCode.IdempotencyKeyReused:
      // As the IETF Idempotency-Key draft asks for a key reused with another body.
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return assertUnreachable(code);
  }
}

@Catch()
export class IntakeExceptionFilter extends ApiExceptionFilter {
  protected override toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof ReportsException) {
      return {
        statusCode: statusOf(exception.code),
        code: exception.code,
        message: exception.message,
        ...(exception.errors.length ? { errors: exception.errors } : {}),
      };
    }
    return super.toBody(exception);
  }
}
