import { ValidateIf, ValidationOptions } from 'class-validator';

/**
 * The field may be left out of the event. Unlike class-validator's IsOptional, an explicit `null` is still validated
 * (and so rejected): the TypeScript type says `field?: T`, consumers trust it, and the JSON Schema says the same.
 * A null `attributes` would otherwise reach consumers in place of the `{}` default.
 */
export function MayBeOmitted(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_event: object, value: unknown) => value !== undefined, options);
}
