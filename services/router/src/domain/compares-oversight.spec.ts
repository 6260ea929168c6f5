import { RoutingPolicyDocument, TRUST_LEVELS, TrustLevel } from '@countersign/contracts';
import fc from 'fast-check';
import { comparesOversight } from './compares-oversight';
import { seedPolicies } from './seed-policies';

const base: RoutingPolicyDocument = seedPolicies['contract-review'];
const lowers = (old: RoutingPolicyDocument | undefined, next: RoutingPolicyDocument) =>
  comparesOversight(old, next).lowers.length > 0;

describe('comparesOversight', () => {
  it.each([
    ['a higher trust level', { trustLevel: 2 as TrustLevel }, /^trustLevel 1 → 2$/],
    ['a lower threshold', { threshold: 0.5 }, /^threshold 0.85 → 0.5$/],
    ['a lower sample rate', { ladder: { ...base.ladder, level1ReviewRate: 0.8 - 1e-9 } }, /^ladder.level1ReviewRate/],
    ['a removed rule', { alwaysReview: [] }, /^alwaysReview: high-value removed$/],
    [
      'a changed rule condition',
      { alwaysReview: [{ name: 'high-value', when: { '>': [{ var: 'attributes.amount' }, 999_999_999] } }] },
      /^alwaysReview: high-value condition changed$/,
    ],
    ['a removed flag', { reviewFlags: [] }, /^reviewFlags: anomaly:\* removed$/],
    [
      'fewer approvals',
      { requiredApprovals: [{ ...base.requiredApprovals[0], approvals: 1 }] },
      /^requiredApprovals: four-eyes-over-1m approvals 2 → 1$/,
    ],
    [
      'a model override with a higher trust level',
      { modelOverrides: [{ modelVersion: 'v9', trustLevel: 4 as TrustLevel }] },
      /^modelOverrides\[v9\]\.trustLevel 1 → 4$/,
    ],
    ['another sample seed', { sampleSeed: 'other' }, /^sampleSeed changed/],
  ])('counts %s as lowering oversight', (_what, change, line) => {
    const result = comparesOversight(base, { ...base, ...change });
    expect(result.lowers).toEqual([expect.stringMatching(line)]);
  });

  it.each([
    ['a lower trust level', { ...base, trustLevel: 2 as TrustLevel }, { ...base, trustLevel: 1 as TrustLevel }],
    ['a higher threshold', base, { ...base, threshold: 0.95 }],
    ['an added rule', base, { ...base, alwaysReview: [...base.alwaysReview, { name: 'eu', when: { '==': [1, 1] } }] }],
    ['an added flag', base, { ...base, reviewFlags: [...base.reviewFlags, 'pii:*'] }],
    ['a longer SLA', base, { ...base, slaSeconds: base.slaSeconds * 2 }],
    ['the same condition spelled with keys in another order', base, base],
  ])('applies %s at once (no lowering)', (_what, old, next) => {
    expect(comparesOversight(old, next).lowers).toEqual([]);
  });

  it.each([
    ['a review window that expires sooner', { expiry: { afterSeconds: 1, outcome: 'hold' as const } }],
    ['a shorter SLA, which brings the expiry forward', { slaSeconds: 60 }],
  ])('counts %s as lowering: decisions end expired instead of reviewed', (_what, change) => {
    const old = { ...base, expiry: { afterSeconds: 24 * 3600, outcome: 'hold' as const } };
    expect(comparesOversight(old, { ...old, ...change }).lowers).toEqual([
      expect.stringMatching(/^review window \(slaSeconds \+ expiry.afterSeconds\) \d+ → \d+$/),
    ]);
  });

  it('keeps a shorter SLA at once when the expiry moves out by as much (the review window is unchanged)', () => {
    const old = { ...base, slaSeconds: 7200, expiry: { afterSeconds: 3600, outcome: 'hold' as const } };
    expect(
      comparesOversight(old, { ...old, slaSeconds: 3600, expiry: { afterSeconds: 7200, outcome: 'hold' } }).lowers,
    ).toEqual([]);
  });

  it('treats a first policy as lowering (an unknown workflow is reviewed entirely)', () => {
    expect(lowers(undefined, base)).toBe(true);
  });

  it('is true to key order in rule conditions', () => {
    const when = { and: [{ '>': [{ var: 'confidence' }, 0.1] }], extra: { b: 1, a: 2 } };
    const reordered = { extra: { a: 2, b: 1 }, and: [{ '>': [{ var: 'confidence' }, 0.1] }] };
    expect(
      lowers(
        { ...base, alwaysReview: [{ name: 'r', when }] },
        { ...base, alwaysReview: [{ name: 'r', when: reordered }] },
      ),
    ).toBe(false);
  });

  // Properties over random policies built from a few independent knobs.
  const policy = fc
    .record({
      threshold: fc.double({ min: 0, max: 1, noNaN: true }),
      trustLevel: fc.constantFrom(...TRUST_LEVELS),
      rate: fc.double({ min: 0, max: 1, noNaN: true }),
      rules: fc.subarray(['a', 'b', 'c']),
      flags: fc.subarray(['x:*', 'y', 'z']),
      approvals: fc.integer({ min: 2, max: 5 }),
    })
    .map(({ threshold, trustLevel, rate, rules, flags, approvals }): RoutingPolicyDocument => ({
      ...base,
      threshold,
      trustLevel,
      ladder: { ...base.ladder, level2SampleRate: rate },
      alwaysReview: rules.map((name) => ({ name, when: { '==': [{ var: 'attributes.kind' }, name] } })),
      reviewFlags: flags,
      requiredApprovals: [{ name: 'big', when: { '>': [{ var: 'attributes.amount' }, 1] }, approvals }],
    }));

  it('never counts keeping a policy as lowering (property)', () => {
    fc.assert(fc.property(policy, (p) => expect(comparesOversight(p, structuredClone(p)).lowers).toEqual([])));
  });

  /** A policy with at least as much oversight as `p` on every knob: each raised or kept at random. */
  const raisedFrom = (p: RoutingPolicyDocument) =>
    fc
      .record({
        threshold: fc.double({ min: p.threshold, max: 1, noNaN: true }),
        trustLevel: fc.constantFrom(...TRUST_LEVELS.filter((level) => level <= p.trustLevel)),
        rate: fc.double({ min: p.ladder.level2SampleRate, max: 1, noNaN: true }),
        rules: fc.subarray(['a', 'b', 'c']),
        flags: fc.subarray(['x:*', 'y', 'z']),
        approvals: fc.integer({ min: p.requiredApprovals[0].approvals, max: 5 }),
      })
      .map(({ threshold, trustLevel, rate, rules, flags, approvals }): RoutingPolicyDocument => ({
        ...p,
        threshold,
        trustLevel,
        ladder: { ...p.ladder, level2SampleRate: rate },
        alwaysReview: [
          ...p.alwaysReview,
          ...rules
            .filter((name) => !p.alwaysReview.some((rule) => rule.name === name))
            .map((name) => ({ name, when: { '==': [{ var: 'attributes.kind' }, name] } })),
        ],
        reviewFlags: [...new Set([...p.reviewFlags, ...flags])],
        requiredApprovals: [{ ...p.requiredApprovals[0], approvals }],
      }));

  it('applies raises at once, transitively, and counts the way back as lowering (property)', () => {
    const chain = policy.chain((a) => raisedFrom(a).chain((b) => raisedFrom(b).map((c) => [a, b, c] as const)));
    fc.assert(
      fc.property(chain, ([a, b, c]) => {
        expect(comparesOversight(a, b).lowers).toEqual([]);
        expect(comparesOversight(b, c).lowers).toEqual([]);
        expect(comparesOversight(a, c).lowers).toEqual([]);
        expect(lowers(c, a)).toBe(JSON.stringify(a) !== JSON.stringify(c));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a lowering in exactly one direction of any change of numbers, flags or rule sets (property)', () => {
    fc.assert(
      fc.property(policy, policy, (a, b) => {
        const differs = JSON.stringify(a) !== JSON.stringify(b);
        // Some change lowers in one direction or the other; both directions lower only when both remove something or
        // one dimension moves each way.
        if (differs) expect(lowers(a, b) || lowers(b, a)).toBe(true);
        if (!lowers(a, b)) expect(comparesOversight(b, a).raises).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });
});
