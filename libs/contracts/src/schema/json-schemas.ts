import { buildClassSchemas } from './class-schemas';
import { EventClasses } from './event-classes';
import { JsonObject, JsonValue } from './json-value';
import { sortKeys } from './sort-keys';

export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const DEFINITIONS = '#/definitions/';

/** The names of the definitions `schema` refers to, directly or through each other. */
function referencedDefinitions(schema: JsonValue, definitions: Record<string, JsonObject>, found = new Set<string>()) {
  if (typeof schema !== 'object' || schema === null) return found;
  if (!Array.isArray(schema) && typeof schema.$ref === 'string' && schema.$ref.startsWith(DEFINITIONS)) {
    const name = schema.$ref.slice(DEFINITIONS.length);
    if (!found.has(name)) {
      found.add(name);
      referencedDefinitions(definitions[name], definitions, found);
    }
  }
  Object.values(schema).forEach((child) => referencedDefinitions(child, definitions, found));
  return found;
}

/**
 * One draft-07 JSON Schema per event class, by class name. Each stands alone (nested classes in its own
 * `definitions`), so a producer in any language can validate one event type without the rest of this document.
 * Keys are sorted so the generated file is the same whichever tool ran the generator.
 */
export function buildJsonSchemas(): Record<string, JsonObject> {
  const classSchemas = buildClassSchemas(DEFINITIONS);
  const schemas = EventClasses.map((eventClass) => {
    const root = classSchemas[eventClass.name];
    const nested = [...referencedDefinitions(root, classSchemas)].sort();
    const definitions = Object.fromEntries(nested.map((name) => [name, classSchemas[name]]));
    const standalone: JsonObject = { $schema: JSON_SCHEMA_DRAFT_07, ...root };
    if (nested.length > 0) standalone.definitions = definitions;
    return [eventClass.name, standalone] as const;
  });
  return sortKeys(Object.fromEntries(schemas));
}
