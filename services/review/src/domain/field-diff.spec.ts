import { FieldChange, JsonObject } from '@countersign/contracts';
import fc from 'fast-check';
import { fieldDiff } from './field-diff';
import { isPlainObject, jsonEqual } from './json-equal';

function tokensOf(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Applies changes as a consumer of review.completed would: set `after` at each path, or delete when it is absent. */
function applyDiff(before: JsonObject, changes: FieldChange[]): JsonObject {
  const result = structuredClone(before);
  for (const change of changes) {
    const tokens = tokensOf(change.path);
    const last = tokens.pop() as string;
    let parent: unknown = result;
    for (const token of tokens) parent = (parent as Record<string, unknown>)[token];
    const container = parent as Record<string, unknown>;
    if ('after' in change) {
      // defineProperty, because assigning to `__proto__` would set the prototype instead of a field.
      Object.defineProperty(container, last, {
        value: change.after,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      delete container[last];
    }
  }
  return result;
}

const parsed = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const jsonObject = fc.dictionary(fc.string(), fc.jsonValue()).map(parsed) as fc.Arbitrary<JsonObject>;

/** `before`'s fields mixed with `other`'s: some kept, some replaced, some removed, nested objects mixed in turn. */
function mix(before: unknown, other: unknown, seed: number): unknown {
  let state = seed;
  const next = (): number => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) % 5;
  const walk = (a: unknown, b: unknown): unknown => {
    if (Array.isArray(a) && next() < 3) return a.map((item, i) => walk(item, Array.isArray(b) ? b[i] : b));
    if (!isPlainObject(a)) return next() === 0 ? b : a;
    const entries: [string, unknown][] = [];
    for (const [key, value] of Object.entries(a)) {
      const choice = next();
      if (choice === 0) continue;
      entries.push([
        key,
        choice === 1 ? (isPlainObject(b) ? (b[key] ?? null) : b) : walk(value, isPlainObject(b) ? b[key] : b),
      ]);
    }
    if (isPlainObject(b)) for (const [key, value] of Object.entries(b)) if (next() === 0) entries.push([key, value]);
    const result: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return result;
  };
  return walk(before, other);
}

const beforeAndAfter = fc
  .tuple(jsonObject, jsonObject, fc.nat())
  .map(([before, other, seed]) => [before, parsed(mix(before, other, seed)) as JsonObject] as const);

describe('fieldDiff', () => {
  const contract = {
    liabilityCap: { amount: 5_000_000, currency: 'EUR' },
    governingLaw: 'Germany',
    lineItems: [{ price: 10 }, { price: 20 }],
  };

  it.each<[string, JsonObject, FieldChange[]]>([
    ['nothing for the same output', structuredClone(contract), []],
    [
      'the nested field a reviewer corrected, not its whole object',
      { ...contract, liabilityCap: { amount: 500_000, currency: 'EUR' } },
      [{ path: '/liabilityCap/amount', before: 5_000_000, after: 500_000 }],
    ],
    [
      'a removed field without after, an added one without before',
      { liabilityCap: contract.liabilityCap, lineItems: contract.lineItems, jurisdiction: 'DE' },
      [
        { path: '/governingLaw', before: 'Germany' },
        { path: '/jurisdiction', after: 'DE' },
      ],
    ],
    [
      'an item of an array of the same length by its index',
      { ...contract, lineItems: [{ price: 10 }, { price: 25 }] },
      [{ path: '/lineItems/1/price', before: 20, after: 25 }],
    ],
    [
      'an array whose length changed as a whole',
      { ...contract, lineItems: [{ price: 10 }] },
      [{ path: '/lineItems', before: contract.lineItems, after: [{ price: 10 }] }],
    ],
    [
      'a change of type as one change',
      { ...contract, liabilityCap: null },
      [{ path: '/liabilityCap', before: contract.liabilityCap, after: null }],
    ],
  ])('reports %s', (_case, after, changes) => {
    expect(fieldDiff(contract, after)).toEqual(changes);
  });

  it.each([
    ['a/b', '/a~1b'],
    ['m~n', '/m~0n'],
    ['~1', '/~01'],
    ['', '/'],
  ])('escapes the key %p as the pointer %p (RFC 6901)', (key, path) => {
    expect(fieldDiff({ [key]: 1 }, { [key]: 2 })).toEqual([{ path, before: 1, after: 2 }]);
  });

  it('treats keys inherited by every object, like constructor, as absent unless present', () => {
    expect(fieldDiff({}, { constructor: 1 })).toEqual([{ path: '/constructor', after: 1 }]);
    expect(fieldDiff(JSON.parse('{"__proto__": 1}') as JsonObject, {})).toEqual([{ path: '/__proto__', before: 1 }]);
  });

  it('turns before into after when applied', () => {
    const seen = { changed: 0, nested: 0 };
    fc.assert(
      fc.property(beforeAndAfter, ([before, after]) => {
        const changes = fieldDiff(before, after);
        expect(applyDiff(before, changes)).toEqual(after);
        if (changes.length > 0) seen.changed += 1;
        if (changes.some((change) => change.path.split('/').length > 2)) seen.nested += 1;
      }),
      { numRuns: 300 },
    );
    // The mixed outputs must differ, and often deep down, or this property would only ever see empty diffs.
    expect(seen.changed).toBeGreaterThan(200);
    expect(seen.nested).toBeGreaterThan(100);
  });

  it('reports nothing for an output and itself, and otherwise disjoint paths to values that differ', () => {
    fc.assert(
      fc.property(beforeAndAfter, ([before, after]) => {
        expect(fieldDiff(before, structuredClone(before))).toEqual([]);
        const changes = fieldDiff(before, after);
        const paths = changes.map((change) => change.path);
        for (const path of paths)
          expect(paths.filter((other) => other === path || other.startsWith(`${path}/`))).toEqual([path]);
        for (const change of changes) expect(jsonEqual(change.before, change.after)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
