import { registerDecorator, ValidationOptions } from 'class-validator';

export type Scalar = string | number | boolean | null;
export type ScalarRecord = Record<string, Scalar>;

// Constraint names, as class-validator reports them; the JSON Schema generator maps each to its schema
// (src/schema/class-schemas.ts), because a property holds only one @JSONSchema and these decorators must not take
// the slot the property's own description uses.
export const IS_SCALAR_RECORD = 'isScalarRecord';
export const IS_JSON_OBJECT = 'isJsonObject';

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object whose values are all scalars: what policy rules can compare (amount, region, ...). */
export function IsScalarRecord(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_SCALAR_RECORD,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an object of string, number, boolean or null values', ...options },
      validator: {
        validate(value: unknown): boolean {
          return (
            isJsonObject(value) &&
            Object.values(value).every((v) => isScalar(v) && (typeof v !== 'number' || Number.isFinite(v)))
          );
        },
      },
    });
  };
}

/** A JSON object (not an array, not null): the AI's output and the evidence it came from. */
export function IsJsonObject(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_JSON_OBJECT,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a JSON object', ...options },
      validator: { validate: isJsonObject },
    });
  };
}

export type JsonObject = { [key: string]: unknown };
