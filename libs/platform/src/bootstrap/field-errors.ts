import { BadRequestException, ValidationError } from '@nestjs/common';

export interface FieldError {
  field: string;
  errors: string[];
}

/** Flattens class-validator errors into one entry per field path (`policy.alwaysReview.0.name`). */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {});
    return [...(own.length ? [{ field, errors: own }] : []), ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/** The one shape of every 400 the services return: a summary and the errors of each field. */
export function badRequest(fieldErrors: FieldError[], message = 'request validation failed'): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, fieldErrors });
}
