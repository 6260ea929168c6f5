import { getMetadataStorage, IS_DATE_STRING, IS_ISO8601, IS_UUID, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import {
  IS_JSON_OBJECT,
  IS_JSON_OBJECT_OR_NULL,
  IS_SCALAR_RECORD,
  IS_TIMESTAMP,
  TIMESTAMP_PATTERN,
} from '@countersign/contracts';

type GeneratorOptions = NonNullable<Parameters<typeof targetConstructorToSchema>[1]>;
type Converters = NonNullable<GeneratorOptions['additionalConverters']>;
type Schema = Record<string, unknown>;
type ClassType = abstract new (...args: never[]) => unknown;

const REF_PREFIX = '#/components/schemas/';
/**
 * The static hook @nestjs/swagger's CLI plugin fills at compile time; Swagger reads it when it explores a class and
 * lets hand-written @ApiProperty options win. We fill it at run time from the validation rules instead.
 */
const METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';
/** Where @ApiProperty keeps its options (DECORATORS.API_MODEL_PROPERTIES, not exported by the package). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/** class-transformer's registry of @Type() targets (an untyped deep import, as in libs/contracts). */
const typeStorage = require('class-transformer/cjs/storage').defaultMetadataStorage as {
  findTypeMetadata(target: object, property: string): { typeFunction(): ClassType } | undefined;
};

/** The contracts' own constraints, stated as class-validator-jsonschema cannot guess them. */
const converters: Converters = {
  // OpenAPI 3.0 has no type arrays: a scalar is one of three types, null admitted by the first.
  [IS_SCALAR_RECORD]: {
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }] },
  },
  [IS_JSON_OBJECT]: { type: 'object' },
  [IS_JSON_OBJECT_OR_NULL]: { type: 'object', nullable: true },
  [IS_TIMESTAMP]: { type: 'string', format: 'date-time', pattern: TIMESTAMP_PATTERN.source },
  [IS_UUID]: { type: 'string', format: 'uuid' },
  // A date or a date-time: anyOf, since a string may be both (the default converter's oneOf is unsatisfiable then).
  [IS_ISO8601]: { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] },
  [IS_DATE_STRING]: { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] },
  [ValidationTypes.NESTED_VALIDATION]: (meta) => {
    const nested = typeStorage.findTypeMetadata(meta.target as object, meta.propertyName);
    return nested ? { $ref: `${REF_PREFIX}${nested.typeFunction().name}` } : { type: 'object' };
  },
  // Any other custom constraint (a service's own): leave the property to its design type.
  [ValidationTypes.CUSTOM_VALIDATION]: {},
};

/** Every class class-validator has rules for: the request bodies, queries and path parameters of every service. */
function validatedClasses(): ClassType[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<ClassType, unknown[]> };
  return [...storage.validationMetadatas.keys()].filter((target) => typeof target === 'function');
}

/** The names of the classes the ValidationPipe checks: their schemas take no members beyond those declared. */
export function validatedClassNames(): Set<string> {
  return new Set(validatedClasses().map((target) => target.name));
}

/** ApiProperty options for one property's JSON Schema: $refs become the class, so Swagger registers it too. */
function propertyOptions(target: ClassType, property: string, schema: Schema, required: boolean): Schema {
  const nestedType = typeStorage.findTypeMetadata(target, property)?.typeFunction();
  const { $ref, items, type, nullable, ...rest } = schema;
  const itemRef = (items as Schema | undefined)?.$ref;
  if ($ref !== undefined || itemRef !== undefined) {
    const isArray = itemRef !== undefined;
    return nestedType ? { ...rest, required, type: () => nestedType, isArray } : { required, type: 'object' };
  }
  const options: Schema = { ...rest, required };
  // OpenAPI 3.0: one type per schema, `nullable` for null (class-validator-jsonschema writes 3.0 already).
  if (Array.isArray(type)) {
    const types = type.filter((t) => t !== 'null');
    if (types.length === 1) options.type = types[0];
    if (type.includes('null')) options.nullable = true;
  } else if (type !== undefined) {
    options.type = type;
  }
  if (nullable !== undefined) options.nullable = nullable;
  if (items !== undefined) options.items = items;
  if (options.type === 'array' && options.items === undefined) options.items = {};
  // A free-form object (IsObject, IsJsonObject): any members, which generated clients must be told explicitly.
  if (options.type === 'object' && options.properties === undefined && options.additionalProperties === undefined) {
    options.additionalProperties = true;
  }
  return options;
}

/**
 * Gives every class-validator DTO the @ApiProperty metadata @nestjs/swagger reads, derived from its validation rules
 * (class-validator-jsonschema), so the OpenAPI document states exactly what the ValidationPipe enforces: bodies,
 * query and path parameters, with their types, patterns, bounds and required members. Hand-written @ApiProperty
 * options (descriptions, examples) win over derived ones. Idempotent; call before SwaggerModule.createDocument.
 */
export function describeValidatedClassesForOpenApi(): void {
  for (const target of validatedClasses()) {
    if (Object.prototype.hasOwnProperty.call(target, METADATA_FACTORY)) continue;
    const metadata = derivedProperties(target);
    Object.defineProperty(target, METADATA_FACTORY, { value: () => metadata, configurable: true });
  }
}

function derivedProperties(target: ClassType): Record<string, Schema> {
  const schema = targetConstructorToSchema(target, {
    refPointerPrefix: REF_PREFIX,
    classTransformerMetadataStorage: typeStorage as never,
    additionalConverters: converters,
  }) as Schema;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const blank = safelyConstruct(target);
  const properties: Record<string, Schema> = {};
  for (const [property, propertySchema] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const options = propertyOptions(target, property, propertySchema, required.has(property));
    const initial = blank?.[property];
    if (initial !== undefined && typeof initial !== 'function' && options.default === undefined) {
      options.default = initial;
    }
    properties[property] = options;
    dropUndefinedOptions(target, property, options.type !== undefined);
  }
  return properties;
}

/**
 * A hand-written @ApiProperty on a field without a type annotation records `type: undefined`, which would hide the
 * derived type when Swagger merges the two (the hand-written options win, undefined ones included); and a
 * hand-written type from design:type is dropped where the validation rules give one.
 */
function dropUndefinedOptions(target: ClassType, property: string, typeDerived: boolean): void {
  const existing = Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype as object, property) as
    Schema | undefined;
  if (!existing) return;
  // The validation rules decide the type: design:type differs between compilers (tsc, SWC) for unannotated fields.
  const defined = Object.fromEntries(
    Object.entries(existing).filter(([key, value]) => value !== undefined && !(typeDerived && key === 'type')),
  );
  Reflect.defineMetadata(API_MODEL_PROPERTIES, defined, target.prototype as object, property);
}

/** Field initialisers are the defaults the pipe applies; a class that cannot be built bare simply has none. */
function safelyConstruct(target: ClassType): Record<string, unknown> | undefined {
  try {
    return new (target as unknown as new () => Record<string, unknown>)();
  } catch {
    return undefined;
  }
}
