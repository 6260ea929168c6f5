import { registerDecorator, ValidationOptions } from 'class-validator';

export const IS_TIMESTAMP = 'isTimestamp';

/**
 * An RFC 3339 date-time with an explicit offset, e.g. 2026-11-03T09:15:00.000Z or 2026-11-03T10:15:00+01:00: the
 * `date-time` of JSON Schema, in the form Date.prototype.toISOString and java.time's ISO formatters write. The same
 * pattern goes into the generated JSON Schema, so the class and the schema accept exactly the same strings.
 */
export const TIMESTAMP_PATTERN =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = TIMESTAMP_PATTERN.exec(value);
  return match !== null && Number(match[3]) <= daysInMonth(Number(match[1]), Number(match[2]));
}

/**
 * A point in time. Not class-validator's IsISO8601: that also accepts a date alone, week dates and local times
 * without an offset, none of which names an instant, and none of which JSON Schema's `date-time` accepts.
 */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_TIMESTAMP,
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be an RFC 3339 date-time with an offset, e.g. 2026-11-03T09:15:00Z',
        ...options,
      },
      validator: { validate: isTimestamp },
    });
  };
}
