import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ErrorItem } from '../errors/api-error';

/** Flattens class-validator's nested errors into problems with a JSON pointer each. */
export function validationProblems(errors: ValidationError[], parent = ''): ErrorItem[] {
  return errors.flatMap((error) => {
    const path = `${parent}/${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({ path, code, severity: 'error' as const, message }));
    return [...own, ...validationProblems(error.children ?? [], path)];
  });
}

/**
 * The one pipe every body and query goes through: unknown properties are refused (not silently
 * dropped), values are converted to the DTO's types, and every problem comes back with its path.
 */
export function contractValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Nothing reaches a service unvalidated: a body that is not an object is refused too.
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = validationProblems(errors);
      return new BadRequestException({
        code: 'invalid_input',
        message: problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ') || 'Invalid input',
        errors: problems,
      });
    },
  });
}
