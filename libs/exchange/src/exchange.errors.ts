export enum ExchangeErrorCode {
  NotFound = 'not_found',
  InvalidInput = 'invalid_input',
  PolicyDenied = 'policy_denied',
  ConsentRequired = 'consent_required',
  FourEyes = 'four_eyes',
  InvalidTransition = 'invalid_transition',
  PartnerExists = 'partner_exists',
  KeysUnavailable = 'keys_unavailable',
  /** The key set fetched from a partner's JWKS URL is not the one the administrator confirmed. */
  ThumbprintMismatch = 'thumbprint_mismatch',
  /** A partner's JWKS URL could not be fetched (unreachable, timed out, too large, redirected, not JSON). */
  PartnerUnreachable = 'partner_unreachable',
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
