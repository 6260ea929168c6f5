import {
  AuditCheckpointV1,
  AuditEventV1,
  DecisionV1,
  FieldChange,
  FinalDecisionV1,
  LearnedRiskRule,
  ModelRef,
  PolicyChangedV1,
  PolicyRecommendationV1,
  ReviewCompletedV1,
  ReviewRequestedV1,
  RoutedDecisionV1,
  RoutingFacts,
} from '../index';

// Valid events of every type, for tests. Each builder returns a fresh object (mutating one cannot leak into another
// test) with fixed ids and times (tests stay deterministic), and takes overrides for the fields a test is about:
// `aDecision({ confidence: 0.4 })`. The events of one builder chain tell one story: a contract-review decision
// that was flagged, routed to review, corrected by a reviewer and released.

export const DECISION_ID = 'contract-review-2026-0001';
export const DECIDED_AT = '2026-11-03T09:15:00.000Z';

export function aModelRef(overrides: Partial<ModelRef> = {}): ModelRef {
  return { name: 'contract-extractor', version: '2026.11', ...overrides };
}

/** A contract-review decision whose liability cap the model found unusual: amount and region attributes, one flag. */
export function aDecision(overrides: Partial<DecisionV1> = {}): DecisionV1 {
  return {
    schemaVersion: 1,
    id: DECISION_ID,
    workflow: 'contract-review',
    model: aModelRef(),
    confidence: 0.82,
    output: {
      liabilityCap: { amount: 5_000_000, currency: 'EUR' },
      governingLaw: 'Germany',
      autoRenewal: true,
      noticePeriodDays: 90,
    },
    input: { documentId: 'msa-acme-2026-04', pages: 42, language: 'en' },
    evidence: {
      liabilityCap: { page: 17, text: "Supplier's aggregate liability shall not exceed EUR 5,000,000." },
    },
    attributes: { amount: 5_000_000, currency: 'EUR', region: 'EU', counterparty: 'Acme GmbH', renewal: true },
    flags: ['anomaly:liability-cap'],
    occurredAt: DECIDED_AT,
    ...overrides,
  };
}

/** Routed to review: below the workflow's threshold 0.9 and flagged, under policy version 3 (trust level 2), four-eyes. */
export function aRouting(overrides: Partial<RoutingFacts> = {}): RoutingFacts {
  return {
    route: 'review',
    reasons: ['below_threshold', 'flag:anomaly:liability-cap'],
    policyVersion: 3,
    trustLevel: 2,
    threshold: 0.9,
    randomSample: false,
    requiredApprovals: 2,
    slaSeconds: 14_400,
    ...overrides,
  };
}

export function aRoutedDecision(overrides: Partial<RoutedDecisionV1> = {}): RoutedDecisionV1 {
  const decision = overrides.decision ?? aDecision();
  return {
    schemaVersion: 1,
    decisionId: decision.id,
    routing: aRouting(),
    decision,
    routedAt: '2026-11-03T09:15:00.140Z',
    ...overrides,
  };
}

export function aReviewRequest(overrides: Partial<ReviewRequestedV1> = {}): ReviewRequestedV1 {
  const decision = overrides.decision ?? aDecision();
  return {
    schemaVersion: 1,
    decisionId: decision.id,
    kind: 'review',
    routing: aRouting(),
    decision,
    requestedAt: '2026-11-03T09:15:00.150Z',
    ...overrides,
  };
}

/** The reviewer lowered the liability cap the model read. */
export function aFieldChange(overrides: Partial<FieldChange> = {}): FieldChange {
  return { path: '/liabilityCap/amount', before: 5_000_000, after: 500_000, ...overrides };
}

/** A correction by two reviewers (four-eyes), with the diff against the AI's output. */
export function aReviewCompletion(overrides: Partial<ReviewCompletedV1> = {}): ReviewCompletedV1 {
  const aiOutput = aDecision().output;
  return {
    schemaVersion: 1,
    decisionId: DECISION_ID,
    taskId: 'task-7f3a',
    kind: 'review',
    workflow: 'contract-review',
    verdict: 'correct',
    aiOutput,
    finalOutput: { ...aiOutput, liabilityCap: { amount: 500_000, currency: 'EUR' } },
    diff: [aFieldChange()],
    reasonCode: 'misread-amount',
    comment: 'Cap is EUR 500,000 per clause 14.2; the model read the insurance amount.',
    reviewers: ['reviewer:anna.schmidt', 'reviewer:li.wei'],
    timeOnTaskMs: 184_000,
    routing: aRouting(),
    model: aModelRef(),
    confidence: 0.82,
    completedAt: '2026-11-03T10:02:41.000Z',
    ...overrides,
  };
}

/** Approved by a human as the AI proposed it. For a rejection pass `{ outcome: 'rejected', finalOutput: null }`. */
export function aFinalDecision(overrides: Partial<FinalDecisionV1> = {}): FinalDecisionV1 {
  return {
    schemaVersion: 1,
    decisionId: DECISION_ID,
    workflow: 'contract-review',
    outcome: 'approved',
    finalOutput: aDecision().output,
    model: aModelRef(),
    confidence: 0.82,
    routing: aRouting(),
    decidedAt: '2026-11-03T10:02:41.500Z',
    ...overrides,
  };
}

export function anAuditEvent(overrides: Partial<AuditEventV1> = {}): AuditEventV1 {
  return {
    schemaVersion: 1,
    eventId: '6f1c2a7e-3b9d-4c1e-9a2f-8d7e6c5b4a39',
    type: 'decision.routed',
    decisionId: DECISION_ID,
    workflow: 'contract-review',
    actor: 'router',
    source: 'router',
    data: { route: 'review', reasons: ['below_threshold', 'flag:anomaly:liability-cap'], policyVersion: 3 },
    occurredAt: '2026-11-03T09:15:00.140Z',
    ...overrides,
  };
}

export function anAuditCheckpoint(overrides: Partial<AuditCheckpointV1> = {}): AuditCheckpointV1 {
  return {
    schemaVersion: 1,
    checkpointId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98',
    algorithm: 'Ed25519',
    keyId: 'ed25519-0123456789abcdef',
    issuedAt: '2026-11-03T10:05:00.000Z',
    heads: [{ chain: 0, seq: 42, hash: 'a'.repeat(64) }],
    signature: 'b'.repeat(128),
    ...overrides,
  };
}

export function aPolicyChange(overrides: Partial<PolicyChangedV1> = {}): PolicyChangedV1 {
  return {
    schemaVersion: 1,
    workflow: 'contract-review',
    version: 4,
    policy: { threshold: 0.9, alwaysReview: [{ rule: 'large-amount', attribute: 'amount', above: 1_000_000 }] },
    changedBy: 'user:compliance.lead',
    reason: 'Raise the threshold after two missed liability caps in October.',
    changedAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}

export function aPolicyRecommendation(overrides: Partial<PolicyRecommendationV1> = {}): PolicyRecommendationV1 {
  return {
    schemaVersion: 1,
    recommendationId: '0b6f4a52-1d2e-4f8a-b7c9-3e5d6f7a8b90',
    workflow: 'contract-review',
    modelVersion: '2026.11',
    kind: 'threshold',
    current: 0.9,
    recommended: 0.93,
    evidence: { reviewed: 412, corrected: 31, errorRateAboveThreshold: 0.021, upperBound95: 0.034 },
    issuedAt: '2026-11-02T00:00:00.000Z',
    ...overrides,
  };
}

/** A rule feedback certified under a 2% budget at 95%, version-wide, in confidence mode: release at 0.9 and above. */
export function aLearnedRiskRule(overrides: Partial<LearnedRiskRule> = {}): LearnedRiskRule {
  return {
    modelVersion: '2026.11',
    mode: 'confidence',
    cut: 0.9,
    maxErrorRate: 0.02,
    confidence: 0.95,
    trustLevel: 3,
    evidence: { observations: 1200 },
    learnedAt: '2026-12-04T20:00:00.000Z',
    ...overrides,
  };
}

/** A copy of `event` without `fields`: for the "missing field" cases. */
export function without<T extends object>(event: T, ...fields: string[]): Partial<T> {
  const copy = { ...event } as Record<string, unknown>;
  for (const field of fields) delete copy[field];
  return copy as Partial<T>;
}

const fixtureByClass = new Map<new () => object, () => object>([
  [DecisionV1, aDecision],
  [RoutedDecisionV1, aRoutedDecision],
  [ReviewRequestedV1, aReviewRequest],
  [ReviewCompletedV1, aReviewCompletion],
  [FinalDecisionV1, aFinalDecision],
  [AuditEventV1, anAuditEvent],
  [AuditCheckpointV1, anAuditCheckpoint],
  [PolicyChangedV1, aPolicyChange],
  [PolicyRecommendationV1, aPolicyRecommendation],
]);

/** A valid event of the given class, for tests that go over every event class. */
export function anEventOf(eventClass: new () => object): object {
  const fixture = fixtureByClass.get(eventClass);
  if (!fixture)
    throw new Error(`No fixture for ${eventClass.name}: add a builder to libs/contracts/src/testing/fixtures.ts`);
  return fixture();
}
