import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { ErrorItem } from '@fiu/core';
import { CreateReportDto } from './dto/create-report.dto';

function pointer(segments: string[]): string {
  return '/' + segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function toItems(errors: ValidationError[], parents: string[] = []): ErrorItem[] {
  return errors.flatMap((error) => {
    const path = [...parents, error.property];
    if (error.value === undefined && error.constraints) {
      return [{ path: pointer(path), code: 'required', severity: 'fatal' as const, message: `${error.property} is required` }];
    }
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      path: pointer(path),
      code: constraint === 'whitelistValidation' ? 'unknown_property' : 'invalid',
      severity: 'fatal' as const,
      message: constraint === 'whitelistValidation' ? `${error.property} is not part of the report format` : message,
    }));
    return [...own, ...toItems(error.children ?? [], path)];
  });
}

/** Structure first, then business rules; every problem is returned, not just the first. */
export function validateReportJson(body: unknown, today = new Date()): { report?: CreateReportDto; errors: ErrorItem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { errors: [{ path: '', code: 'invalid', severity: 'fatal', message: 'The report must be a JSON object' }] };
  }
  const report = plainToInstance(CreateReportDto, body);
  const errors = toItems(validateSync(report, { whitelist: true, forbidNonWhitelisted: true }));
  // Only dates that passed the structural check are compared.
  const day = (value: string) => value.slice(0, 10);
  const todayDay = today.toISOString().slice(0, 10);
  for (const field of ['submissionDate', 'suspicionDate'] as const) {
    const value = report[field];
    if (value === undefined || errors.some((e) => e.path === `/${field}`)) continue;
    if (day(value) > todayDay) errors.push({ path: `/${field}`, code: 'date_in_future', severity: 'error', message: `${field} lies in the future` });
    else if (day(value) < '1753-01-01') errors.push({ path: `/${field}`, code: 'date_too_early', severity: 'error', message: `${field} lies before 1753` });
  }
  if (report.suspicionDate && report.submissionDate && !errors.some((e) => e.path === '/suspicionDate' || e.path === '/submissionDate')) {
    if (day(report.suspicionDate) > day(report.submissionDate)) {
      errors.push({ path: '/suspicionDate', code: 'date_after_submission', severity: 'error', message: 'suspicionDate lies after submissionDate' });
    }
  }
  if (!report.reason?.trim()) {
    errors.push({
      path: '/reason',
      code: 'narrative_missing',
      severity: 'warning',
      message: 'No reason given: analysts depend on the narrative to understand the suspicion',
    });
  }
  return { report, errors };
}
