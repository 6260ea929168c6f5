import fc from 'fast-check';
import { TRUST_LEVELS } from '@countersign/contracts';
import { DEFAULT_TRUST_POLICY, recommendTrustMove } from './trust-level-move';

describe('recommendTrustMove (target 1%)', () => {
  it.each([
    // level, errors, samples, recommended, reason
    [2, 0, 400, 3, 'proven_below_target'], // 0/400: upper 0.95% < 1%
    [2, 0, 399, 2, 'not_enough_samples'],
    [1, 0, 380, 1, 'inconclusive'], // 0/380: upper 3.8415/383.84 = 1.0008%, just over the target
    [3, 1, 800, 4, 'proven_below_target'], // 1/800: upper 0.706%
    [3, 5, 800, 3, 'inconclusive'], // 5/800: 0.625%, upper 1.45%
    [4, 5, 20, 3, 'errors_above_target'], // 5/20: lower 11.2% > 1%: demote on 20 samples
    [4, 0, 10_000, 4, 'at_top'],
    [1, 10, 30, 1, 'at_bottom'],
    [3, 1, 19, 3, 'not_enough_samples'], // too few to demote, too few to promote
  ] as const)(
    'level %i with %i errors in %i samples -> level %i (%s)',
    (level, errors, samples, recommended, reason) => {
      expect(recommendTrustMove(level, errors, samples)).toMatchObject({ current: level, recommended, reason });
    },
  );

  it('moves at most one step, and never promotes while demoting is warranted', () => {
    const inputs = fc.record({
      level: fc.constantFrom(...TRUST_LEVELS),
      samples: fc.integer({ min: 0, max: 5000 }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(inputs, ({ level, samples, share }) => {
        const errors = Math.floor(share * samples);
        const move = recommendTrustMove(level, errors, samples);
        expect(Math.abs(move.recommended - level)).toBeLessThanOrEqual(1);
        if (move.recommended > level) {
          expect(move.errorRate.upper).toBeLessThan(DEFAULT_TRUST_POLICY.maxErrorRate);
          expect(samples).toBeGreaterThanOrEqual(200);
        }
        if (move.recommended < level) expect(move.errorRate.lower).toBeGreaterThan(DEFAULT_TRUST_POLICY.maxErrorRate);
      }),
    );
  });
});
