import { RoutingPolicyDocument } from '@countersign/contracts';

const HOUR = 3600;
const DEFAULT_LADDER = { level1ReviewRate: 0.8, level2EdgeBand: 0.05, level2SampleRate: 0.1, level3SampleRate: 0.02 };

/**
 * The policies a fresh installation starts with (version 1 of each), for the three example workflows. Spelled out in
 * full, as an administrator would see them on GET, and kept valid by a test that runs them through the contract's
 * validateEvent and compilePolicy.
 */
export const seedPolicies: Record<string, RoutingPolicyDocument> = {
  // New and high-value: high oversight; large contracts always reviewed, the largest by two people.
  'contract-review': {
    threshold: 0.85,
    trustLevel: 1,
    alwaysReview: [{ name: 'high-value', when: { '>': [{ var: 'attributes.amount' }, 100_000] } }],
    reviewFlags: ['anomaly:*'],
    requiredApprovals: [
      { name: 'four-eyes-over-1m', when: { '>': [{ var: 'attributes.amount' }, 1_000_000] }, approvals: 2 },
    ],
    slaSeconds: 8 * HOUR,
    expiry: { afterSeconds: 16 * HOUR, outcome: 'hold' },
    sampleSeed: 'contract-review',
    ladder: { ...DEFAULT_LADDER },
    modelOverrides: [],
    errorCostAttribute: 'amount',
  },
  // Cheap to get wrong and well understood: spot-checks, plus every enterprise lead (one lost deal costs most).
  'lead-qualification': {
    threshold: 0.7,
    trustLevel: 3,
    alwaysReview: [{ name: 'enterprise-segment', when: { '===': [{ var: 'attributes.segment' }, 'enterprise'] } }],
    reviewFlags: [],
    requiredApprovals: [],
    slaSeconds: 24 * HOUR,
    expiry: { afterSeconds: 24 * HOUR, outcome: 'hold' },
    sampleSeed: 'lead-qualification',
    ladder: { ...DEFAULT_LADDER },
    modelOverrides: [],
  },
  // Compliance-relevant: a sanctions hit or a high risk rating always goes to a human, a high risk to two.
  'supplier-onboarding': {
    threshold: 0.9,
    trustLevel: 2,
    alwaysReview: [
      { name: 'sanctions-hit', when: { '===': [{ var: 'attributes.sanctionsHit' }, true] } },
      { name: 'high-risk', when: { '===': [{ var: 'attributes.riskRating' }, 'high'] } },
    ],
    reviewFlags: ['sanctions:*'],
    requiredApprovals: [
      { name: 'four-eyes-high-risk', when: { '===': [{ var: 'attributes.riskRating' }, 'high'] }, approvals: 2 },
    ],
    slaSeconds: 4 * HOUR,
    // An onboarding nobody reviewed is refused: a supplier is never onboarded by default.
    expiry: { afterSeconds: 4 * HOUR, outcome: 'reject' },
    sampleSeed: 'supplier-onboarding',
    ladder: { ...DEFAULT_LADDER },
    modelOverrides: [],
  },
};
