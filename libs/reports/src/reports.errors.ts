import { ErrorItem } from '@fiu/core';

export enum ReportsErrorCode {
  InvalidEntity = 'invalid_entity',
  EntityExists = 'entity_exists',
  EntityNotFound = 'entity_not_found',
  ReportNotFound = 'report_not_found',
  ValidationFailed = 'validation_failed',
  ReferenceConflict = 'reference_conflict',
  EntitySuspended = 'entity_suspended',
  ApiKeyNotFound = 'api_key_not_found',
  InvalidIdempotencyKey = 'invalid_idempotency_key',
  IdempotencyKeyReused = 'idempotency_key_reused',
  AmendmentMismatch = 'amendment_mismatch',
  NotExportable = 'not_exportable',
  RequestNotFound = 'request_not_found',
  RequestClosed = 'request_closed',
}

/** Every failure the reports context reports to its callers. */
export class ReportsException extends Error {
  constructor(
    readonly code: ReportsErrorCode,
    message: string,
    readonly errors: ErrorItem[] = [],
  ) {
    super(message);
    this.name = 'ReportsException';
  }
}
