import { validateReportJson } from './validate-report-json';

const valid = {
  entityReference: 'STR-1',
  reportCode: 'STR',
  submissionDate: '2026-11-01',
  currencyCodeLocal: 'EUR',
  reason: 'Structuring below the threshold',
};
const today = new Date('2026-11-28T12:00:00Z');

describe('validateReportJson', () => {
  it('accepts a valid minimal report without findings', () => {
    expect(validateReportJson(valid, today).errors).toEqual([]);
  });

  it('returns every structural problem at once, with JSON pointers', () => {
    const { errors } = validateReportJson({ reportCode: 'str', currencyCodeLocal: 'euro', extra: 1 }, today);
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/entityReference', '/reportCode', '/submissionDate', '/currencyCodeLocal', '/extra']));
    expect(errors.find((e) => e.path === '/entityReference')?.code).toBe('required');
    expect(errors.find((e) => e.path === '/extra')?.code).toBe('unknown_property');
    expect(errors.filter((e) => e.severity === 'fatal').length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a submission date in the future', () => {
    const { errors } = validateReportJson({ ...valid, submissionDate: '2026-12-01' }, today);
    expect(errors).toEqual([expect.objectContaining({ path: '/submissionDate', code: 'date_in_future', severity: 'error' })]);
  });

  it('warns, without refusing, when the narrative is missing', () => {
    const { errors } = validateReportJson({ ...valid, reason: undefined }, today);
    expect(errors).toEqual([expect.objectContaining({ path: '/reason', code: 'narrative_missing', severity: 'warning' })]);
  });

  it('refuses anything but an object', () => {
    for (const body of [null, [], 'x', 42]) {
      expect(validateReportJson(body, today).errors[0]).toMatchObject({ path: '', severity: 'fatal' });
    }
  });
});
