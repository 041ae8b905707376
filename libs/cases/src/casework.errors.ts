export enum CaseworkErrorCode {
  NotFound = 'not_found',
  InvalidInput = 'invalid_input',
  InvalidTransition = 'invalid_transition',
  AlreadyClaimed = 'already_claimed',
  FourEyes = 'four_eyes',
  Frozen = 'frozen',
  AuthorityExists = 'authority_exists',
}

export class CaseworkException extends Error {
  constructor(
    readonly code: CaseworkErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CaseworkException';
  }
}

export const invalid = (message: string) => new CaseworkException(CaseworkErrorCode.InvalidInput, message);
export const notFound = (what: string) => new CaseworkException(CaseworkErrorCode.NotFound, `No ${what}`);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidList(value: unknown, name: string, max = 500): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > max || !value.every((item) => typeof item === 'string' && UUID.test(item))) {
    throw invalid(`${name} must be a list of at most ${max} ids`);
  }
  return [...new Set(value as string[])];
}

export function text(value: unknown, name: string, max: number, required = true): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw invalid(`${name} is required`);
    return null;
  }
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) throw invalid(`${name} must be text of 1-${max} characters`);
  return value.trim();
}
