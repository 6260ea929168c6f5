import fc from 'fast-check';
import { sameJson } from '../same-json';
import { SeededRandom } from '@countersign/statistics';
import { SCENARIOS } from '.';
import { isUnusualCap } from './contract-review';
import { isBorderline, rankOf } from './lead-qualification';
import { complianceDecision } from './supplier-onboarding';

describe('scenarios', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.workflow, scenario] as const))(
    '%s: a mistake is never the truth',
    (_workflow, scenario) => {
      fc.assert(
        fc.property(fc.string(), (seed) => {
          const random = new SeededRandom(seed);
          const worldCase = scenario.draw(random);
          const wrong = scenario.mistake(worldCase.truth, worldCase.facts, random);
          return !sameJson(wrong, worldCase.truth);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('flags a contract whose liability cap is under half or over ten times its value', () => {
    expect(isUnusualCap(40_000, 100_000)).toBe(true);
    expect(isUnusualCap(100_000, 100_000)).toBe(false);
    expect(isUnusualCap(1_000_001, 100_000)).toBe(true);
  });

  it.each([
    [0.85, 'A', false],
    [0.79, 'B', true],
    [0.61, 'B', true],
    [0.5, 'C', false],
    [0.1, 'D', false],
  ])('ranks a lead with fit %s as %s (borderline: %s)', (fit, rank, borderline) => {
    expect(rankOf(fit)).toBe(rank);
    expect(isBorderline(fit)).toBe(borderline);
  });

  it.each([
    [true, false, 'low', 'approve'],
    [true, true, 'low', 'reject'],
    [false, false, 'low', 'escalate'],
    [true, false, 'high', 'escalate'],
  ])('decides a supplier verified=%s sanctioned=%s risk=%s: %s', (verified, sanctioned, risk, decision) => {
    expect(complianceDecision(verified, sanctioned, risk)).toBe(decision);
  });
});
