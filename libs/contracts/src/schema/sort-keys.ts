import { JsonValue } from './json-value';

/**
 * The same value with every object's keys in sorted order, so that a generated document does not depend on the order
 * decorators ran or properties were added, and a regenerated file changes only where the contracts changed. Arrays
 * keep their order: in `enum`, `allOf` or a list of producers the order is part of the content.
 */
export function sortKeys<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value).sort();
  return Object.fromEntries(keys.map((key) => [key, sortKeys(value[key])])) as T;
}
