import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { buildJsonSchemas } from '../schema/json-schemas';
import { JsonObject } from '../schema/json-value';
import { isTimestamp } from './is-timestamp';

describe('isTimestamp', () => {
  it.each([
    ['2026-11-03T09:15:00Z', true],
    ['2026-11-03T09:15:00.000Z', true],
    ['2026-11-03T10:15:00.123456789+01:00', true],
    ['2028-02-29T00:00:00Z', true],
    ['2000-02-29T00:00:00Z', true],
    ['2100-02-29T00:00:00Z', false],
    ['2026-04-31T00:00:00Z', false],
    ['2026-11-03', false],
    ['2026-11-03T09:15Z', false],
    ['2026-11-03T09:15:00', false],
    ['2026-11-03 09:15:00Z', false],
    ['2026-11-03t09:15:00z', false],
    ['2026-11-03T09:15:00+0100', false],
    ['+002026-11-03T09:15:00Z', false],
  ])('%s → %s', (value, expected) => {
    expect(isTimestamp(value)).toBe(expected);
  });

  it('accepts exactly what the generated schema (format date-time and pattern) accepts', () => {
    const occurredAt = (buildJsonSchemas().DecisionV1.properties as JsonObject).occurredAt as JsonObject;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const schemaAccepts = ajv.compile(occurredAt);
    // Near misses around every boundary: out-of-range parts, other separators and offset spellings.
    const digits = (width: number, max: number) => fc.nat(max).map((n) => String(n).padStart(width, '0'));
    const candidate = fc
      .tuple(
        digits(4, 9999),
        digits(2, 13),
        digits(2, 32),
        fc.constantFrom('T', 't', ' '),
        digits(2, 24),
        digits(2, 60),
        digits(2, 61),
        fc.constantFrom('', '.5', '.123456789', '.'),
        fc.constantFrom('Z', 'z', '', '+01:00', '-23:59', '+24:00', '+01:60', '+0100', '+01'),
      )
      .map(([y, mo, d, t, h, mi, s, frac, zone]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${frac}${zone}`);
    fc.assert(
      fc.property(candidate, (value) => {
        expect(isTimestamp(value)).toBe(schemaAccepts(value));
      }),
      { numRuns: 2000 },
    );
  });
});
