import fc from 'fast-check';
import { formatProportion, proportion } from './proportion';

describe('proportion', () => {
  it('matches the textbook Wilson interval', () => {
    const share = proportion(81, 100);
    expect(share.value).toBe(0.81);
    expect(share.low).toBeCloseTo(0.7222, 3);
    expect(share.high).toBeCloseTo(0.8749, 3);
  });

  it('always contains the observed share, inside [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p) => {
        const { low = -1, value = -1, high = 2 } = proportion(Math.round(n * p), n);
        return 0 <= low && low <= value && value <= high && high <= 1;
      }),
    );
  });

  it('has nothing to say about zero trials', () => {
    expect(formatProportion(proportion(0, 0))).toBe('n/a (no cases)');
    expect(formatProportion(proportion(1, 4))).toBe('25.0% [4.6%, 69.9%] (1/4)');
  });
});
