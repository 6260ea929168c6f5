import fc from 'fast-check';
import { estimateCatchRate } from './catch-rate';

describe('estimateCatchRate', () => {
  it('divides caught errors by caught plus escaped, estimated from audits (hand-computed)', () => {
    // 1,000 released, 5 errors in 100 audits: 50 escaped (Wilson 2.154%..11.175% -> 21.54..111.75).
    // 150 caught: 150 / 200 = 0.75, bounds 150/261.75 = 0.57307 and 150/171.54 = 0.87443.
    const rate = estimateCatchRate({ caught: 150, released: 1000, audited: 100, auditErrors: 5 });
    expect(rate.estimate).toBeCloseTo(0.75, 12);
    expect(rate.escaped.estimate).toBeCloseTo(50, 9);
    expect(rate.escaped.lower).toBeCloseTo(21.5437, 3);
    expect(rate.escaped.upper).toBeCloseTo(111.7505, 3);
    expect(rate.lower).toBeCloseTo(150 / (150 + 111.75047), 5);
    expect(rate.upper).toBeCloseTo(150 / (150 + 21.54368), 5);
  });

  it('is 100% with an upper bound of 1 when audits find nothing', () => {
    const rate = estimateCatchRate({ caught: 40, released: 1000, audited: 100, auditErrors: 0 });
    expect(rate.estimate).toBe(1);
    expect(rate.upper).toBe(1);
    // 0/100 audited errors: at most 3.699% of 1,000 escaped.
    expect(rate.lower).toBeCloseTo(40 / (40 + 36.9935), 4);
  });

  it('without audits claims nothing about what escaped', () => {
    const rate = estimateCatchRate({ caught: 40, released: 1000, audited: 0, auditErrors: 0 });
    expect(rate.estimate).toBeNull();
    expect(rate.lower).toBeCloseTo(40 / 1040, 12);
    expect(rate.upper).toBe(1);
  });

  it('is undefined, not perfect, when nothing was caught and nothing escaped', () => {
    const rate = estimateCatchRate({ caught: 0, released: 0, audited: 0, auditErrors: 0 });
    expect(rate).toMatchObject({ estimate: null, lower: 0, upper: 1 });
  });

  it('keeps its estimate inside its interval and falls as audits find more errors', () => {
    const inputs = fc.record({
      caught: fc.integer({ min: 0, max: 10_000 }),
      released: fc.integer({ min: 0, max: 1_000_000 }),
      audited: fc.integer({ min: 1, max: 5_000 }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(inputs, ({ caught, released, audited, share }) => {
        const auditErrors = Math.floor(share * audited);
        const rate = estimateCatchRate({ caught, released, audited, auditErrors });
        expect(rate.lower).toBeLessThanOrEqual(rate.upper);
        if (rate.estimate !== null) {
          expect(rate.estimate).toBeGreaterThanOrEqual(rate.lower - 1e-12);
          expect(rate.estimate).toBeLessThanOrEqual(rate.upper + 1e-12);
        }
        if (auditErrors < audited && caught > 0 && released > 0) {
          const worse = estimateCatchRate({ caught, released, audited, auditErrors: auditErrors + 1 });
          expect(worse.estimate ?? 1).toBeLessThan(rate.estimate ?? 0);
        }
      }),
    );
  });
});
