import { typeMetadataStorage as defaultMetadataStorage } from '../codec/type-metadata-storage';
import { IS_UUID, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { IS_JSON_OBJECT_OR_NULL, NullWhen } from '../events/is-json-object-or-null';
import { IS_TIMESTAMP, TIMESTAMP_PATTERN } from '../events/is-timestamp';
import { IS_JSON_OBJECT, IS_SCALAR_RECORD } from '../events/scalar-record';
import { EventClass, EventClasses } from './event-classes';
import { JsonObject, JsonValue } from './json-value';

type GeneratorOptions = NonNullable<Parameters<typeof targetConstructorToSchema>[1]>;
type Converters = NonNullable<GeneratorOptions['additionalConverters']>;
type PropertyMeta = { target: object | string; propertyName: string };

// Markers that converters leave in a property's schema for refine() below, which acts on them and removes them.
const NULL_WHEN = 'x-countersign-null-when';
const UNCONVERTED = 'x-countersign-unconverted';

/** What class-validator's IsUUID() (no version) accepts: versions 1-8 with the RFC 4122 variant, nil and max; any case. */
const UUID_PATTERN =
  '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}' +
  '|0{8}-0{4}-0{4}-0{4}-0{12}|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$';

function where(meta: PropertyMeta): string {
  const owner = typeof meta.target === 'function' ? meta.target.name : String(meta.target);
  return `${owner}.${meta.propertyName}`;
}

/** Where class-validator-jsonschema's default converters are missing, or looser than the class. */
const converters: Converters = {
  [IS_SCALAR_RECORD]: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
  [IS_JSON_OBJECT]: { type: 'object' },
  [IS_JSON_OBJECT_OR_NULL]: (meta) => ({ type: ['object', 'null'], [NULL_WHEN]: meta.constraints[0] }),
  // The default is "date or date-time"; the class takes only an RFC 3339 date-time with an offset.
  [IS_TIMESTAMP]: { type: 'string', format: 'date-time', pattern: TIMESTAMP_PATTERN.source },
  // ajv's `uuid` format also takes any version digit and a urn:uuid: prefix, which IsUUID() rejects.
  [IS_UUID]: (meta) =>
    meta.constraints[0] === undefined
      ? { type: 'string', format: 'uuid', pattern: UUID_PATTERN }
      : { [UNCONVERTED]: `IsUUID(${meta.constraints[0]}) at ${where(meta)}` },
  // The default falls back to design:type metadata, which tsx (esbuild) does not emit, so the generated file would
  // depend on the tool that ran the generator: insist on @Type, which the codec needs anyway.
  [ValidationTypes.NESTED_VALIDATION]: (meta, options) => {
    const nested = defaultMetadataStorage.findTypeMetadata(meta.target as EventClass, meta.propertyName);
    return nested
      ? { $ref: `${options.refPointerPrefix}${nested.typeFunction().name}` }
      : { [UNCONVERTED]: `@ValidateNested() without @Type() at ${where(meta)}` };
  },
  // Any other custom constraint: the default guesses from design:type (a $ref to "Object" for a JsonObject field).
  [ValidationTypes.CUSTOM_VALIDATION]: (meta) => ({ [UNCONVERTED]: `constraint ${meta.type} at ${where(meta)}` }),
};

function findMarker(schema: JsonValue, marker: string): JsonValue | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  if (!Array.isArray(schema) && marker in schema) return schema[marker];
  return Object.values(schema)
    .map((child) => findMarker(child, marker))
    .find((found) => found !== undefined);
}

/** In draft-07 the keywords beside a $ref are ignored; merged converters leave some (IsObject's type). Drop them. */
function dropRefSiblings(schema: JsonValue): JsonValue {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(dropRefSiblings);
  if (typeof schema.$ref === 'string') {
    return schema.description === undefined
      ? { $ref: schema.$ref }
      : { $ref: schema.$ref, description: schema.description };
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, dropRefSiblings(value)]));
}

/** IsJsonObjectOrNull's condition, stated in the schema: null exactly when the other field has the given value. */
function nullCondition(property: string, { property: other, equals }: NullWhen): JsonObject {
  return {
    if: {
      properties: { [other]: typeof equals === 'string' ? { const: equals } : { enum: [...equals] } },
      required: [other],
    },
    then: { properties: { [property]: { type: 'null' } } },
    else: { properties: { [property]: { type: 'object' } } },
  };
}

/** Makes the generated schema say what the codec does, where class-validator-jsonschema cannot know it. */
function refine(eventClass: EventClass, generated: JsonObject): JsonObject {
  const unconverted = findMarker(generated, UNCONVERTED);
  if (unconverted !== undefined) {
    throw new Error(
      `No JSON Schema for ${String(unconverted)}: add a converter in libs/contracts/src/schema/class-schemas.ts`,
    );
  }
  const properties = generated.properties as Record<string, JsonObject>;
  // Field initialisers are the codec's defaults (a decision without attributes gets {}); the schema documents them.
  const blank = new eventClass() as Record<string, unknown>;
  const conditions: JsonObject[] = [];
  for (const [property, schema] of Object.entries(properties)) {
    const nullWhen = schema[NULL_WHEN];
    if (nullWhen !== undefined) {
      delete schema[NULL_WHEN];
      conditions.push(nullCondition(property, nullWhen as unknown as NullWhen));
    }
    if (blank[property] !== undefined) schema.default = JSON.parse(JSON.stringify(blank[property])) as JsonValue;
  }
  const required = ((generated.required ?? []) as string[]).slice().sort();
  return dropRefSiblings({
    ...generated,
    title: eventClass.name,
    // The codec validates with whitelist + forbidNonWhitelisted: an unknown field is an error, not ignored.
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    ...(conditions.length > 0 ? { allOf: conditions } : {}),
  }) as JsonObject;
}

function classSchema(eventClass: EventClass, refPointerPrefix: string): JsonObject {
  // One class at a time rather than validationMetadatasToSchemas' every class class-validator knows: in a process that
  // also loads a service's DTOs, a DTO with the same name as one of ours would otherwise be merged into its schema.
  const generated = targetConstructorToSchema(eventClass, {
    refPointerPrefix,
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: converters,
  });
  return refine(eventClass, JSON.parse(JSON.stringify(generated)) as JsonObject);
}

/**
 * The JSON Schema of every event class and of every class nested in one (ModelRef, RoutingFacts, ...), by class name,
 * with references between them written as `${refPointerPrefix}${ClassName}`.
 */
export function buildClassSchemas(refPointerPrefix: string): Record<string, JsonObject> {
  const schemas: Record<string, JsonObject> = {};
  const classes = new Map<string, EventClass>();
  const visit = (eventClass: EventClass): void => {
    const known = classes.get(eventClass.name);
    if (known === eventClass) return;
    if (known) throw new Error(`Two contract classes are named ${eventClass.name}; schema names must be unique`);
    classes.set(eventClass.name, eventClass);
    schemas[eventClass.name] = classSchema(eventClass, refPointerPrefix);
    for (const property of Object.keys(schemas[eventClass.name].properties ?? {})) {
      const nested = defaultMetadataStorage.findTypeMetadata(eventClass, property);
      if (nested) visit(nested.typeFunction() as EventClass);
    }
  };
  EventClasses.forEach(visit);
  return schemas;
}
