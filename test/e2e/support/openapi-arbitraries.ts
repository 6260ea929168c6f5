import fc, { Arbitrary } from 'fast-check';
import { OpenApiContract } from '@countersign/testing';

type Json = any;

/** Values a user might type where the document expects something else: wrong types, huge, empty, odd characters. */
export const junk: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('', ' ', '../../etc/passwd', '%00', "' or 1=1 --", '🙂', 'null', '-1', '1e309', 'NaN', '{}', '[]'),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.string({ minLength: 300, maxLength: 600 }),
);

/**
 * A fast-check arbitrary of values valid under an OpenAPI 3.0 schema (the subset the services' documents use), with
 * `known` values mixed in for members whose name says what they identify (workflow, id, decisionId, ...), so that
 * requests reach real objects and not only 404s.
 */
export function valueFor(
  contract: OpenApiContract,
  raw: Json,
  known: Record<string, string[]>,
  name = '',
  depth = 0,
): Arbitrary<unknown> {
  const schema = contract.resolve(raw) ?? {};
  const base = plainValueFor(contract, schema, known, name, depth);
  const withKnown = known[name]?.length ? fc.oneof(fc.constantFrom(...known[name]), base) : base;
  return schema.nullable ? fc.option(withKnown, { nil: null, freq: 8 }) : withKnown;
}

function plainValueFor(
  contract: OpenApiContract,
  schema: Json,
  known: Record<string, string[]>,
  name: string,
  depth: number,
): Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.oneOf || schema.anyOf) {
    // Members inherit the keywords beside them ({type: string, anyOf: [{format: date}, {format: date-time}]}).
    const { oneOf, anyOf, ...shared } = schema;
    return fc.oneof(
      ...(oneOf ?? anyOf).map((member: Json) => valueFor(contract, { ...shared, ...member }, known, name, depth)),
    );
  }
  if (schema.allOf) return valueFor(contract, schema.allOf[0], known, name, depth);
  switch (schema.type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 100_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueFor(contract, schema.items ?? {}, known, name, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object':
    case undefined:
      return objectFor(contract, schema, known, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(schema: Json): Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date') {
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
  }
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString());
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 60);
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((value) => value.length >= minLength && value.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
}

function objectFor(
  contract: OpenApiContract,
  schema: Json,
  known: Record<string, string[]>,
  depth: number,
): Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  if (Object.keys(properties).length === 0 || depth > 4) {
    return schema.additionalProperties === false
      ? fc.constant({})
      : fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 });
  }
  const members = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [key, valueFor(contract, value, known, key, depth + 1)]),
  );
  return fc.record(members, { requiredKeys: (schema.required ?? []) as string[] });
}
