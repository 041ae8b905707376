export enum StaffErrorCode {
  InvalidCredentials = 'invalid_credentials',
  AccountLocked = 'account_locked',
  InvalidToken = 'invalid_token',
  InvalidAccount = 'invalid_account',
  AccountExists = 'account_exists',
}

export class StaffException extends Error {
  constructor(
    readonly code: StaffErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StaffException';
  }
}
