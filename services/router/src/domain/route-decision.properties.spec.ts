import {
  DecisionV1,
  RoutingFacts,
  RoutingPolicyDocument,
  TRUST_LEVELS,
  TrustLevel,
  validateEvent,
} from '@countersign/contracts';
import { aDecision, arbitraryDecision } from '@countersign/contracts/testing';
import fc from 'fast-check';
import { compilePolicy } from './compile-policy';
import { CompiledPolicy } from './compiled-policy';
import { routeDecision } from './route-decision';
import { seedPolicies } from './seed-policies';

const IDS = 100_000;
const TOLERANCE = 0.01;

function policyAt(trustLevel: TrustLevel, fields: Partial<RoutingPolicyDocument> = {}): CompiledPolicy {
  return compilePolicy('contract-review', 1, { ...seedPolicies['contract-review'], trustLevel, ...fields });
}

/**
 * Routes 100k decisions with distinct ids, spread evenly over confidence by a sequence unrelated to the ids (so below
 * and above the 0.5 threshold hold about 50k each), with no rule or flag; returns the sampled share of each half.
 */
function sampledShares(policy: CompiledPolicy, idPrefix: string): { all: number; low: number; high: number } {
  const base = aDecision({ attributes: {}, flags: [] });
  const count = { low: 0, high: 0, lowSampled: 0, highSampled: 0 };
  for (let i = 0; i < IDS; i++) {
    const confidence = ((i * 7919) % 10_007) / 10_007;
    const facts = routeDecision({ ...base, id: `${idPrefix}-${i}`, confidence }, policy);
    const half = confidence < 0.5 ? 'low' : 'high';
    count[half] += 1;
    if (facts.randomSample) count[`${half}Sampled`] += 1;
  }
  return {
    all: (count.lowSampled + count.highSampled) / IDS,
    low: count.lowSampled / count.low,
    high: count.highSampled / count.high,
  };
}

const ladderRate: Record<1 | 2 | 3, [keyof RoutingPolicyDocument['ladder'], fc.Arbitrary<number>]> = {
  1: ['level1ReviewRate', fc.double({ min: 0.8, max: 1, noNaN: true })],
  2: ['level2SampleRate', fc.double({ min: 0, max: 1, noNaN: true })],
  3: ['level3SampleRate', fc.double({ min: 0, max: 1, noNaN: true })],
};

describe('routeDecision, over many decisions', () => {
  it.each([1, 2, 3] as const)(
    'samples the configured rate at level %p within 1 point over 100k ids, as much below the threshold as above',
    (level) => {
      const [field, rates] = ladderRate[level];
      const defaultRate = seedPolicies['contract-review'].ladder[field];
      fc.assert(
        fc.property(rates, fc.string({ minLength: 1 }), fc.uuid(), (rate, seed, prefix) => {
          const ladder = { ...seedPolicies['contract-review'].ladder, [field]: rate };
          // Rules would only cost time here: sampling must not look at them, and the last test shows it does not.
          const policy = policyAt(level, {
            ladder,
            sampleSeed: seed,
            threshold: 0.5,
            alwaysReview: [],
            requiredApprovals: [],
          });
          const shares = sampledShares(policy, prefix);
          expect(Math.abs(shares.all - rate)).toBeLessThanOrEqual(TOLERANCE);
          expect(Math.abs(shares.low - rate)).toBeLessThanOrEqual(TOLERANCE);
          expect(Math.abs(shares.high - rate)).toBeLessThanOrEqual(TOLERANCE);
        }),
        // The default rate always, and one more rate, seed and set of ids at random: 100k decisions each.
        { numRuns: 1, examples: [[defaultRate, 'countersign', '00000000-0000-4000-8000-000000000000']] },
      );
    },
  );

  it('samples nothing at level 4: the audit service samples released decisions', () => {
    fc.assert(
      fc.property(arbitraryDecision(), (decision) => {
        expect(routeDecision(decision, policyAt(4)).randomSample).toBe(false);
      }),
    );
  });

  it('samples a decision or not by its id alone: confidence, attributes and flags change nothing', () => {
    fc.assert(
      fc.property(arbitraryDecision(), arbitraryDecision(), fc.constantFrom(1, 2, 3), (one, other, level) => {
        const policy = policyAt(level as TrustLevel);
        const sameId = { ...other, id: one.id };
        expect(routeDecision(sameId, policy).randomSample).toBe(routeDecision(one, policy).randomSample);
      }),
    );
  });

  it('routes the same decision to the same facts whatever was routed before, in any order', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryDecision(), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(...TRUST_LEVELS),
        (decisions, level) => {
          const policy = policyAt(level);
          const forwards = decisions.map((decision) => routeDecision(decision, policy));
          const backwards = [...decisions]
            .reverse()
            .map((decision) => routeDecision(decision, policy))
            .reverse();
          const recompiled = decisions.map((decision) => routeDecision(decision, policyAt(level)));
          expect(backwards).toEqual(forwards);
          expect(recompiled).toEqual(forwards);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('gives valid routing facts with reasons exactly when the route is review, for any decision and seed policy', () => {
    const policies = Object.entries(seedPolicies).flatMap(([workflow, document]) =>
      TRUST_LEVELS.map((trustLevel) => compilePolicy(workflow, 1, { ...document, trustLevel })),
    );
    fc.assert(
      fc.property(arbitraryDecision(), fc.constantFrom(...policies), (decision: DecisionV1, policy) => {
        const facts = routeDecision(decision, policy);
        expect(validateEvent(RoutingFacts, facts)).toEqual({ ok: true, value: expect.anything() });
        expect(facts.reasons.length > 0).toBe(facts.route === 'review');
        expect(facts.slaSeconds !== undefined).toBe(facts.route === 'review');
      }),
      { numRuns: 300 },
    );
  });
});
