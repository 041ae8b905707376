export enum AnalysisErrorCode {
  PossibleMatchNotFound = 'possible_match_not_found',
  AlreadyDecided = 'already_decided',
  InvalidDecision = 'invalid_decision',
  ReportNotAnalysable = 'report_not_analysable',
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
