export enum AnalysisErrorCode {
  PossibleMatchNotFound = 'possible_match_not_found',
  AlreadyDecided = 'already_decided',
  InvalidDecision = 'invalid_decision',
}

export class AnalysisException extends Error {
  constructor(
    readonly code: AnalysisErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AnalysisException';
  }
}
