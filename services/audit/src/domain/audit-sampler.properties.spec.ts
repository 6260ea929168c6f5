import fc from 'fast-check';
import { TRUST_LEVELS, TrustLevel } from '@countersign/contracts';
import { AuditPlan, bucketQuota, confidenceBucket, defaultAuditPlan, periodStart } from './audit-plan';
import { AuditCandidate, chooseForAudit, samplePoint } from './audit-sampler';

const SECRET = 'test-sampling-secret';

/** Runs a period's decisions through the sampler in order, keeping the per-bucket tally as the store does. */
function samplePeriod(plan: AuditPlan, candidates: readonly AuditCandidate[]) {
  const tally = new Map<number, number>();
  return candidates.map((candidate) => {
    const bucket = confidenceBucket(plan, candidate.confidence);
    const choice = chooseForAudit(plan, candidate, tally.get(bucket) ?? 0, SECRET);
    if (choice.sampled) tally.set(bucket, (tally.get(bucket) ?? 0) + 1);
    return choice;
  });
}

const candidate: fc.Arbitrary<AuditCandidate> = fc.record({
  decisionId: fc.uuid(),
  trustLevel: fc.constantFrom(...TRUST_LEVELS),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
});
const plan: fc.Arbitrary<AuditPlan> = fc.record({
  workflow: fc.constant('kyc'),
  ratesByTrustLevel: fc.record({
    1: fc.double({ min: 0, max: 1, noNaN: true }),
    2: fc.double({ min: 0, max: 1, noNaN: true }),
    3: fc.double({ min: 0, max: 1, noNaN: true }),
    4: fc.double({ min: 0, max: 1, noNaN: true }),
  }) as fc.Arbitrary<Record<TrustLevel, number>>,
  minimumPerPeriod: fc.integer({ min: 0, max: 60 }),
  period: fc.constantFrom('day' as const, 'week' as const),
  confidenceCuts: fc
    .uniqueArray(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { maxLength: 4 })
    .map((cuts) => cuts.sort((a, b) => a - b)),
});

describe('audit sampler', () => {
  it('gives every decision a fixed point in [0, 1) that depends on the secret', () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const point = samplePoint(SECRET, id);
        expect(point).toBeGreaterThanOrEqual(0);
        expect(point).toBeLessThan(1);
        expect(samplePoint(SECRET, id)).toBe(point);
      }),
    );
    expect(samplePoint('a', 'd-1')).not.toBe(samplePoint('b', 'd-1'));
  });

  it('chooses the same for the same decision and tally: a replay samples what the first run sampled', () => {
    fc.assert(
      fc.property(plan, fc.array(candidate, { maxLength: 200 }), (p, candidates) => {
        expect(samplePeriod(p, candidates)).toEqual(samplePeriod(p, candidates));
      }),
    );
  });

  it('reaches every bucket’s share of the minimum, or takes the whole bucket when it is smaller', () => {
    fc.assert(
      fc.property(plan, fc.array(candidate, { maxLength: 400 }), (p, candidates) => {
        const choices = samplePeriod(p, candidates);
        const quota = bucketQuota(p);
        for (let bucket = 0; bucket <= p.confidenceCuts.length; bucket += 1) {
          const inBucket = choices.filter((choice) => choice.bucket === bucket);
          const sampled = inBucket.filter((choice) => choice.sampled).length;
          expect(sampled).toBeGreaterThanOrEqual(Math.min(quota, inBucket.length));
        }
        // Spread over the buckets, the quotas add up to at least the period's minimum.
        expect(quota * (p.confidenceCuts.length + 1)).toBeGreaterThanOrEqual(p.minimumPerPeriod);
      }),
    );
  });

  it('never samples beyond the minimum except at the trust level’s rate', () => {
    fc.assert(
      fc.property(plan, fc.array(candidate, { maxLength: 300 }), (p, candidates) => {
        const choices = samplePeriod(p, candidates);
        choices.forEach((choice, index) => {
          const rate = p.ratesByTrustLevel[candidates[index].trustLevel];
          if (choice.reason === 'rate') expect(choice.point).toBeLessThan(rate);
          if (choice.sampled && choice.point >= rate) expect(choice.reason).toBe('minimum');
        });
        const byMinimum = choices.filter((choice) => choice.reason === 'minimum').length;
        expect(byMinimum).toBeLessThanOrEqual(bucketQuota(p) * (p.confidenceCuts.length + 1));
      }),
    );
  });

  it('samples at each trust level’s rate once the minimum is met', () => {
    const base = { ...defaultAuditPlan('kyc'), minimumPerPeriod: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...TRUST_LEVELS), fc.integer({ min: 0, max: 1_000_000 }), (level, seed) => {
        const n = 4000;
        const rate = base.ratesByTrustLevel[level];
        const candidates = Array.from({ length: n }, (_, i) => ({
          decisionId: `${seed}-${i}`,
          trustLevel: level,
          confidence: (i % 100) / 100,
        }));
        const sampled = samplePeriod(base, candidates).filter((choice) => choice.sampled).length;
        // Within 5 binomial standard deviations: fails by chance about once in 1.7 million runs.
        const sd = Math.sqrt(n * rate * (1 - rate));
        expect(Math.abs(sampled - n * rate)).toBeLessThanOrEqual(5 * sd + 1);
      }),
      { numRuns: 20 },
    );
  });

  it('checks high-confidence decisions too, even when they are few', () => {
    const p = { ...defaultAuditPlan('kyc'), ratesByTrustLevel: { 1: 0, 2: 0, 3: 0, 4: 0 } };
    const candidates = Array.from({ length: 500 }, (_, i) => ({
      decisionId: `d-${i}`,
      trustLevel: 4 as const,
      confidence: i < 480 ? 0.85 : 0.99,
    }));
    const choices = samplePeriod(p, candidates);
    expect(choices.filter((c) => c.sampled && c.bucket === 3)).toHaveLength(bucketQuota(p));
    expect(choices.filter((c) => c.sampled && c.bucket === 1)).toHaveLength(bucketQuota(p));
  });
});

describe('audit periods', () => {
  it('starts weeks on Monday midnight UTC and days at midnight', () => {
    expect(periodStart(new Date('2026-11-25T15:00:00Z'), 'week').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(periodStart(new Date('2026-11-23T00:00:00Z'), 'week').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(periodStart(new Date('2026-11-22T23:59:59Z'), 'week').toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(periodStart(new Date('2026-11-25T15:00:00Z'), 'day').toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });
});
