import { Catch } from '@nestjs/common';
import { ApiErrorBody, ApiExceptionFilter } from '@fiu/core';
import { reportsErrorStatus, ReportsException } from '@fiu/reports';

@Catch()
export class IntakeExceptionFilter extends ApiExceptionFilter {
  protected override toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof ReportsException) {
      return {
        statusCode: reportsErrorStatus(exception.code),
        code: exception.code,
        message: exception.message,
        ...(exception.errors.length ? { errors: exception.errors } : {}),
      };
    }
    return super.toBody(exception);
  }
}
