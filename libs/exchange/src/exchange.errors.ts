export enum ExchangeErrorCode {
  NotFound = 'not_found',
  InvalidInput = 'invalid_input',
  PolicyDenied = 'policy_denied',
  ConsentRequired = 'consent_required',
  FourEyes = 'four_eyes',
  InvalidTransition = 'invalid_transition',
  PartnerExists = 'partner_exists',
  KeysUnavailable = 'keys_unavailable',
}

export class ExchangeException extends Error {
  constructor(
    readonly code: ExchangeErrorCode,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ExchangeException';
  }
}

