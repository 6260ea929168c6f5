import { FieldChange, JsonObject } from '@countersign/contracts';
import { isPlainObject, jsonEqual } from './json-equal';

/**
 * The fields a reviewer changed, from the AI's output (`before`) to the final output (`after`), as JSON Pointers
 * (RFC 6901: `~` written `~0`, `/` written `~1`) to the deepest value that differs.
 *
 * - Objects are compared key by key and recursed into: a corrected `liabilityCap.amount` is `/liabilityCap/amount`,
 *   not the whole `liabilityCap`. A key only in `before` is a removal (no `after`), one only in `after` an addition
 *   (no `before`).
 * - Arrays of the same length are compared index by index (`/lineItems/2/price`). Arrays whose length changed are one
 *   change of the whole array: compared by index, inserting one item would report every later item as changed,
 *   which tells feedback about fields the model did not get wrong.
 * - Any other difference (a scalar, a change of type) is one change of the value.
 *
 * Changes come in the order of `before`'s keys, then the added keys in `after`'s order. Replacing, deleting and adding
 * each change's value at its path turns `before` into `after`, in any order, since no path is inside another.
 */
export function fieldDiff(before: JsonObject, after: JsonObject): FieldChange[] {
  const changes: FieldChange[] = [];
  diffObjects(before, after, '', changes);
  return changes;
}

function diffValues(before: unknown, after: unknown, path: string, changes: FieldChange[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    diffObjects(before, after, path, changes);
  } else if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, index) => diffValues(item, after[index], `${path}/${index}`, changes));
  } else if (!jsonEqual(before, after)) {
    changes.push({ path, before, after });
  }
}

function diffObjects(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  path: string,
  changes: FieldChange[],
): void {
  for (const key of Object.keys(before)) {
    const child = `${path}/${escapePointerToken(key)}`;
    if (hasOwn(after, key)) diffValues(before[key], after[key], child, changes);
    else changes.push({ path: child, before: before[key] });
  }
  for (const key of Object.keys(after)) {
    if (!hasOwn(before, key)) changes.push({ path: `${path}/${escapePointerToken(key)}`, after: after[key] });
  }
}

// Own keys only: `after['constructor']` of a plain object is a function, not an absent field.
function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function escapePointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
