import { randomUUID } from 'node:crypto';

export interface ReportJson {
  prevRejectedRefNumber?: string;
  suspicionDate?: string;
  entityReference: string;
  reportCode: string;
  submissionDate: string;
  currencyCodeLocal: string;
  reason?: string;
  action?: string;
}

/** A valid minimal JSON report; pass overrides for the case under test. */
export function aReport(overrides: Partial<ReportJson> = {}): ReportJson {
  return {
    entityReference: `STR-${randomUUID()}`,
    reportCode: 'STR',
    submissionDate: new Date().toISOString().slice(0, 10),
    currencyCodeLocal: 'EUR',
    reason: 'Cash deposits split just below the reporting threshold over three days',
    action: 'Account under enhanced monitoring',
    ...overrides,
  };
}
