import { ValidationError, validateSync } from 'class-validator';
import { instantiate } from './instantiate';
import { checkJsonValue } from './json-guard';
import { parseDocument, ParseFailureReason } from './parse-document';

export type DecodeFailureReason = ParseFailureReason | 'not_an_object' | 'schema_violation';

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: DecodeFailureReason; errors: string[] };

type EventClass<T> = new () => T;

/** Flattens nested class-validator errors into "path: message" lines a producer can act on. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/**
 * Validates an already-parsed value against an event class, rejecting unknown fields and what the stores cannot hold
 * (JsonLimits: NUL, lone surrogates, over-long strings, deep nesting, unsafe numbers).
 */
export function validateEvent<T extends object>(eventClass: EventClass<T>, plain: unknown): DecodeResult<T> {
  const violation = checkJsonValue(plain);
  if (violation) return { ok: false, ...violation };
  return validateShape(eventClass, plain);
}

function validateShape<T extends object>(eventClass: EventClass<T>, plain: unknown): DecodeResult<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, reason: 'not_an_object', errors: ['payload must be a JSON object'] };
  }
  // instantiate() reports and leaves out unknown fields itself; the whitelist options stay as a second line of defence.
  const { value, undeclared } = instantiate(eventClass, plain);
  const errors = [
    ...undeclared,
    ...describeValidationErrors(
      validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }),
    ),
  ];
  if (errors.length > 0) return { ok: false, reason: 'schema_violation', errors };
  return { ok: true, value };
}

/** Decodes a Kafka record value (UTF-8 JSON) into a validated event, or says exactly why it cannot. */
export function decodeEvent<T extends object>(eventClass: EventClass<T>, bytes: Buffer | null): DecodeResult<T> {
  const parsed = parseDocument(bytes);
  if (!parsed.ok) return parsed;
  return validateShape(eventClass, parsed.plain);
}

/** Serialises an event for Kafka. Events are plain JSON; class instances serialise to their own fields. */
export function encodeEvent(event: object): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}
