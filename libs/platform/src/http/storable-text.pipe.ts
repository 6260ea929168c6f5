import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { checkJsonValue, JsonLimits } from '@countersign/contracts';
import { badRequest } from '../bootstrap/field-errors';

/** Route parameters and query values are names and ids: far shorter than what a body's strings may hold. */
const PARAM_LIMITS = { ...JsonLimits, maxStringLength: 1_024 };

/**
 * Refuses, with a 400 naming the field, any route parameter, query value or body string that no store can hold (NUL,
 * a lone UTF-16 surrogate) or that is over-long, before a controller passes it to Postgres and gets a 500 back. It runs
 * before the ValidationPipe, for every controller of every service (runService installs it).
 */
@Injectable()
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const violation = checkJsonValue(value, metadata.type === 'body' ? JsonLimits : PARAM_LIMITS);
    if (!violation) return value;
    const fieldErrors = violation.errors.map((line) => {
      const separator = line.indexOf(': ');
      const pointer = line.slice(0, separator);
      const field = pointer === '/' ? (metadata.data ?? metadata.type) : pointer.slice(1).replace(/\//g, '.');
      return { field, errors: [line.slice(separator + 2)] };
    });
    throw badRequest(fieldErrors, `${metadata.type} holds text that cannot be stored`);
  }
}
