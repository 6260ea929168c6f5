import fc from 'fast-check';
import { jsonEqual } from './json-equal';

/** The same value with every object's keys written in the opposite order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, v]) => [key, reversedKeys(v)]),
  );
}

const json = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);

describe('jsonEqual', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['objects with keys in another order', { a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }, true],
    ['a missing key', { a: 1, b: 2 }, { a: 1 }, false],
    ['an extra key with a value that looks absent', { a: 1 }, { a: 1, b: null }, false],
    ['arrays in another order', [1, 2], [2, 1], false],
    ['an array and an object with index keys', [1], { 0: 1 }, false],
    ['a number and its text', 1, '1', false],
    ['null and an empty object', null, {}, false],
    ['an own __proto__ key and none', JSON.parse('{"__proto__": 1}'), {}, false],
  ])('compares %s', (_case, a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
    expect(jsonEqual(b, a)).toBe(equal);
  });

  it('agrees with comparing the values written with sorted keys', () => {
    const canonical = (value: unknown): string =>
      JSON.stringify(value, (_key, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
          : v,
      );
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(jsonEqual(a, b)).toBe(canonical(a) === canonical(b));
        expect(jsonEqual(a, reversedKeys(a))).toBe(true);
      }),
    );
  });
});
