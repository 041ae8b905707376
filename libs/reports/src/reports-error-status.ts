import { HttpStatus } from '@nestjs/common';
import { assertUnreachable } from '@fiu/core';
import { ReportsErrorCode } from './reports.errors';

/** The HTTP status of each reports error, shared by every face that calls this context. */
export function reportsErrorStatus(code: ReportsErrorCode): number {
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
