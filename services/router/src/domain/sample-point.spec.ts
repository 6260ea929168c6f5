import fc from 'fast-check';
import { samplePoint } from './sample-point';

const IDS = 100_000;

/** Share of `IDS` distinct ids (prefix-0, prefix-1, ...) whose point falls below `rate`. */
function sampledShare(prefix: string, seed: string, rate: number): number {
  let sampled = 0;
  for (let i = 0; i < IDS; i++) if (samplePoint(`${prefix}-${i}`, seed) < rate) sampled++;
  return sampled / IDS;
}

describe('samplePoint', () => {
  it('is HMAC-SHA256(seed, id), first 52 bits over 2^52 (pinned: changing it would re-route redelivered decisions)', () => {
    // Cross-checked with Python: hmac.new(b'countersign', b'contract-review-2026-0001', sha256), top 52 bits / 2**52.
    expect(samplePoint('contract-review-2026-0001', 'countersign')).toBe(3301494801556209 / 2 ** 52);
  });

  it('gives the same point for the same id and seed, every time', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (id, seed) => {
        expect(samplePoint(id, seed)).toBe(samplePoint(id, seed));
      }),
    );
  });

  it('stays within [0, 1)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (id, seed) => {
        const point = samplePoint(id, seed);
        expect(point).toBeGreaterThanOrEqual(0);
        expect(point).toBeLessThan(1);
      }),
    );
  });

  it('selects the configured share of 100k ids, within 1 percentage point, for any seed and rate', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.string({ minLength: 1, maxLength: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (prefix, seed, rate) => {
          expect(Math.abs(sampledShare(prefix, seed, rate) - rate)).toBeLessThanOrEqual(0.01);
        },
      ),
      { numRuns: 2 },
    );
  });

  it('draws an independent sample under another seed (the two 10% samples overlap on about 1%)', () => {
    const ids = 50_000;
    let both = 0;
    for (let i = 0; i < ids; i++) {
      const id = `decision-${i}`;
      if (samplePoint(id, 'seed-a') < 0.1 && samplePoint(id, 'seed-b') < 0.1) both++;
    }
    expect(Math.abs(both / ids - 0.01)).toBeLessThanOrEqual(0.002);
  });
});
