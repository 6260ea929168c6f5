import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { isJsonObject } from './scalar-record';

export const IS_JSON_OBJECT_OR_NULL = 'isJsonObjectOrNull';

/** The one case in which the field is null: when `property` of the same event equals `equals`. */
export interface NullWhen {
  property: string;
  equals: string;
}

/**
 * A JSON object, except null exactly when another field says so (e.g. finalOutput is null when the outcome is
 * rejected). The condition is data, not a function, so that the JSON Schema generator can state it too (as
 * if/then/else), and the class and the schema cannot drift apart.
 */
export function IsJsonObjectOrNull(nullWhen: NullWhen, options?: ValidationOptions): PropertyDecorator {
  const isNullCase = (event: object) => (event as Record<string, unknown>)[nullWhen.property] === nullWhen.equals;
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_JSON_OBJECT_OR_NULL,
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [nullWhen],
      options: {
        message: `$property must be null when ${nullWhen.property} is ${nullWhen.equals}, and a JSON object otherwise`,
        ...options,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          isNullCase(args.object) ? value === null : isJsonObject(value),
      },
    });
  };
}
