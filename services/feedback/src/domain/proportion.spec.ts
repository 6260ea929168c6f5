import fc from 'fast-check';
import { binomialCdf, clopperPearsonInterval } from './clopper-pearson';
import { complement, wilsonInterval } from './proportion';

// Published values: Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
// methods", Statistics in Medicine 17 (1998), Table II, methods 3 (Wilson) and 5 (Clopper–Pearson); the n = 100 rows
// were computed by hand from the closed form and agree with scipy.stats.beta.ppf for Clopper–Pearson.
const REFERENCE: Array<[number, number, [number, number], [number, number]]> = [
  [81, 263, [0.2553, 0.3662], [0.2527, 0.3676]],
  [15, 148, [0.0624, 0.1605], [0.0578, 0.1617]],
  [0, 20, [0, 0.1611], [0, 0.1684]],
  [1, 29, [0.0061, 0.1718], [0.0009, 0.1776]],
  [0, 100, [0, 0.037], [0, 0.0362]],
  [5, 100, [0.0215, 0.1118], [0.0164, 0.1128]],
  [95, 100, [0.8882, 0.9785], [0.8872, 0.9836]],
];

describe('wilsonInterval', () => {
  it.each(REFERENCE)('%i/%i matches the published Wilson interval', (k, n, [lower, upper]) => {
    const interval = wilsonInterval(k, n);
    expect(interval.estimate).toBeCloseTo(k / n, 12);
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it('knows nothing without trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ successes: 0, trials: 0, estimate: null, lower: 0, upper: 1 });
  });

  it('touches 0 and 1 exactly at the edges', () => {
    expect(wilsonInterval(0, 300).lower).toBe(0);
    expect(wilsonInterval(300, 300).upper).toBe(1);
    expect(wilsonInterval(0, 300).upper).toBeCloseTo(0.012643, 6);
  });

  it('rejects counts that are not counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });

  it('always contains the estimate, stays in [0, 1] and is symmetric under complement', () => {
    const counts = fc
      .integer({ min: 1, max: 100_000 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(counts, ([k, n]) => {
        const interval = wilsonInterval(k, n);
        expect(interval.lower).toBeGreaterThanOrEqual(0);
        expect(interval.upper).toBeLessThanOrEqual(1);
        expect(interval.lower).toBeLessThanOrEqual(k / n + 1e-12);
        expect(interval.upper).toBeGreaterThanOrEqual(k / n - 1e-12);
        const flipped = complement(wilsonInterval(n - k, n));
        expect(flipped.lower).toBeCloseTo(interval.lower, 10);
        expect(flipped.upper).toBeCloseTo(interval.upper, 10);
      }),
    );
  });

  it('narrows as evidence grows at the same rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 51, max: 1000 }), (k, n) => {
        const small = wilsonInterval(k, n);
        const large = wilsonInterval(k * 10, n * 10);
        expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
      }),
    );
  });
});

describe('clopperPearsonInterval', () => {
  it.each(REFERENCE)('%i/%i matches the published Clopper–Pearson interval', (k, n, _wilson, [lower, upper]) => {
    const interval = clopperPearsonInterval(k, n);
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it('puts exactly 2.5% of the binomial tail beyond each bound (its definition)', () => {
    const counts = fc
      .integer({ min: 2, max: 3000 })
      .chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n)));
    fc.assert(
      fc.property(counts, ([k, n]) => {
        const { lower, upper } = clopperPearsonInterval(k, n);
        expect(binomialCdf(k, n, upper)).toBeCloseTo(0.025, 9);
        expect(1 - binomialCdf(k - 1, n, lower)).toBeCloseTo(0.025, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the rule-of-three bound for zero events in a large sample', () => {
    // 0 events in n trials: the 97.5% upper bound is 1 - 0.025^(1/n), about 3.69/n.
    expect(clopperPearsonInterval(0, 1000).upper).toBeCloseTo(1 - Math.pow(0.025, 1 / 1000), 8);
  });
});
