import fc from 'fast-check';
import { decodeIdRanges, encodeIdRanges } from './id-ranges';

describe('id ranges', () => {
  it('compresses runs', () => {
    expect(encodeIdRanges([3n, 4n, 5n, 9n, 12n, 13n])).toBe('3-5,9,12-13');
    expect(encodeIdRanges([])).toBe('');
  });

  it('round-trips any set of ids', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.bigInt({ min: 1n, max: 10_000n }), { maxLength: 300 }), (ids) => {
        expect(decodeIdRanges(encodeIdRanges(ids))).toEqual(new Set(ids.map(String)));
      }),
    );
  });
});
