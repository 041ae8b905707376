import { Catch, HttpStatus } from '@nestjs/common';
import { ApiErrorBody, ApiExceptionFilter, assertUnreachable } from '@fiu/core';
import { reportsErrorStatus, ReportsException } from '@fiu/reports';
import { StaffErrorCode, StaffException } from '@fiu/staff';
import { AnalysisErrorCode, AnalysisException } from '@fiu/analysis';
import { CaseworkErrorCode, CaseworkException } from '@fiu/cases';
import { ExchangeErrorCode, ExchangeException } from '@fiu/exchange';

function staffStatus(code: StaffErrorCode): number {
  switch (code) {
    case StaffErrorCode.InvalidCredentials:
    case StaffErrorCode.InvalidToken:
      return HttpStatus.UNAUTHORIZED;
    case StaffErrorCode.AccountLocked:
      return HttpStatus.TOO_MANY_REQUESTS;
    case StaffErrorCode.InvalidAccount:
      return HttpStatus.BAD_REQUEST;
    case StaffErrorCode.AccountExists:
      return HttpStatus.CONFLICT;
    default:
      return assertUnreachable(code);
  }
}

function analysisStatus(code: AnalysisErrorCode): number {
  switch (code) {
    case AnalysisErrorCode.PossibleMatchNotFound:
    case AnalysisErrorCode.ReportNotAnalysable:
      return HttpStatus.NOT_FOUND;
    case AnalysisErrorCode.AlreadyDecided:
      return HttpStatus.CONFLICT;
    case AnalysisErrorCode.InvalidDecision:
      return HttpStatus.BAD_REQUEST;
    default:
      return assertUnreachable(code);
  }
}

function caseworkStatus(code: CaseworkErrorCode): number {
  switch (code) {
    case CaseworkErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case CaseworkErrorCode.InvalidInput:
      return HttpStatus.BAD_REQUEST;
    case CaseworkErrorCode.InvalidTransition:
    case CaseworkErrorCode.AlreadyClaimed:
    case CaseworkErrorCode.Frozen:
    case CaseworkErrorCode.AuthorityExists:
    case CaseworkErrorCode.PackageChanged:
      return HttpStatus.CONFLICT;
    case CaseworkErrorCode.SigningUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case CaseworkErrorCode.FourEyes:
    case CaseworkErrorCode.NotAssignee:
    case CaseworkErrorCode.SupervisorOnly:
      return HttpStatus.FORBIDDEN;
    default:
      return assertUnreachable(code);
  }
}

function exchangeStatus(code: ExchangeErrorCode): number {
  switch (code) {
    case ExchangeErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ExchangeErrorCode.InvalidInput:
      return HttpStatus.BAD_REQUEST;
    case ExchangeErrorCode.PolicyDenied:
    case ExchangeErrorCode.ConsentRequired:
    case ExchangeErrorCode.FourEyes:
      return HttpStatus.FORBIDDEN;
    case ExchangeErrorCode.InvalidTransition:
    case ExchangeErrorCode.PartnerExists:
    case ExchangeErrorCode.ThumbprintMismatch:
      return HttpStatus.CONFLICT;
    case ExchangeErrorCode.KeysUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ExchangeErrorCode.PartnerUnreachable:
      return HttpStatus.BAD_GATEWAY;
    default:
      return assertUnreachable(code);
  }
}

@Catch()
export class ConsoleExceptionFilter extends ApiExceptionFilter {
  protected override toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof AnalysisException) return { statusCode: analysisStatus(exception.code), code: exception.code, message: exception.message };
    if (exception instanceof ExchangeException) {
      return { statusCode: exchangeStatus(exception.code), code: exception.code, message: exception.message, ...(exception.detail ? { details: exception.detail } : {}) };
    }
    if (exception instanceof CaseworkException) return { statusCode: caseworkStatus(exception.code), code: exception.code, message: exception.message };
    if (exception instanceof StaffException) return { statusCode: staffStatus(exception.code), code: exception.code, message: exception.message };
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
