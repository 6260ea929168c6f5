import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { isJsonObject } from './scalar-record';

export const IS_JSON_OBJECT_OR_NULL = 'isJsonObjectOrNull';

/** The one case in which the field is null: when `property` of the same event equals `equals`. */
export interface NullWhen {
  property: string;
  /** One value, or any of several. */
  equals: string | readonly string[];
}

/**
 * A JSON object, except null exactly when another field says so (e.g. finalOutput is null when the outcome is
 * rejected). The condition is data, not a function, so that the JSON Schema generator can state it too (as
 * if/then/else), and the class and the schema cannot drift apart.
 */
export function IsJsonObjectOrNull(nullWhen: NullWhen, options?: ValidationOptions): PropertyDecorator {
  const values: readonly unknown[] = typeof nullWhen.equals === 'string' ? [nullWhen.equals] : nullWhen.equals;
  const isNullCase = (event: object) => values.includes((event as Record<string, unknown>)[nullWhen.property]);
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_JSON_OBJECT_OR_NULL,
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [nullWhen],
      options: {
        message: `$property must be null when ${nullWhen.property} is ${values.join(' or ')}, and a JSON object otherwise`,
        ...options,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          isNullCase(args.object) ? value === null : isJsonObject(value),
      },
    });
  };
}
