import fc from 'fast-check';
import { logGamma, regularizedIncompleteBeta } from './incomplete-beta';

describe('logGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [5, Math.log(24)],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [101, 363.73937555556347], // ln(100!)
  ])('ln Γ(%f) = %f', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 10);
  });
});

describe('regularizedIncompleteBeta', () => {
  it('has the closed forms I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b and I_½(a, a) = ½', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 500 }), (x, a) => {
        expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 12);
        expect(regularizedIncompleteBeta(x, a, 1)).toBeCloseTo(Math.pow(x, a), 10);
        expect(regularizedIncompleteBeta(x, 1, a)).toBeCloseTo(1 - Math.pow(1 - x, a), 10);
        expect(regularizedIncompleteBeta(0.5, a, a)).toBeCloseTo(0.5, 10);
      }),
    );
  });

  it('is a distribution function in x: 0 at 0, 1 at 1, non-decreasing in between', () => {
    expect(regularizedIncompleteBeta(0, 3, 4)).toBe(0);
    expect(regularizedIncompleteBeta(1, 3, 4)).toBe(1);
    let previous = 0;
    for (let x = 0.01; x < 1; x += 0.01) {
      const value = regularizedIncompleteBeta(x, 30, 4000);
      expect(value).toBeGreaterThanOrEqual(previous - 1e-15);
      previous = value;
    }
  });
});
