import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ApiErrorBody, ErrorItem } from './api-error';

const SEVERITIES = ['fatal', 'error', 'warning'] as const;

/** One problem with the input, as OpenAPI shows it. */
export class ApiErrorItemResponse implements ErrorItem {
  @ApiProperty({ description: 'JSON pointer for JSON input, XPath for XML input', example: '/reportIds/0' })
  path: string;

  @ApiProperty({ example: 'isUuid' })
  code: string;

  @ApiProperty({ enum: SEVERITIES, enumName: 'ErrorSeverity', example: 'error' })
  severity: ErrorItem['severity'];

  @ApiProperty({ example: 'each value in reportIds must be a UUID' })
  message: string;
}

/** The body of every error response (the `ApiErrorBody` every app's filter writes). */
export class ApiErrorResponse implements ApiErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ description: 'Stable, machine-readable reason; the context error codes and the generic HTTP ones', example: 'invalid_input' })
  code: string;

  @ApiProperty({ example: '/reportIds/0: each value in reportIds must be a UUID' })
  message: string;

  @ApiPropertyOptional({ type: [ApiErrorItemResponse], description: 'Every problem with the input, each with its path' })
  errors?: ApiErrorItemResponse[];

  @ApiPropertyOptional({ format: 'uuid', description: 'On 500s only: quote it; the log line with the details has the same id' })
  errorId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Context-specific details, e.g. the policy decision that refused an exchange' })
  details?: unknown;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'The input breaks the contract: every problem is listed with its path',
  401: 'No valid credentials',
  403: 'The caller may not do this (role, four-eyes, assignee)',
  404: 'Not found (or not visible to this caller)',
  409: 'The current state does not allow it',
  413: 'Too large',
  429: 'Too many requests or attempts',
  500: 'Unexpected error; the body carries an errorId',
  503: 'A dependency is unavailable',
};

/** Documents the error responses of a controller or route, all with the one error body. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ApiErrorResponse })));
}
