import {
  AuditEventType,
  AuditEventV1,
  DecisionV1,
  FinalDecisionV1,
  JsonObject,
  ReviewCompletedV1,
  RoutedDecisionV1,
} from '@countersign/contracts';
import { uuidV5 } from './deterministic-id';
import { SampleReason } from './audit-sampler';

/**
 * The id of an audit event the audit service derives: a UUIDv5 of its type and what it is about, so deriving it again
 * (redelivery, replay, a restart after kill -9) yields the same event and the trail and topic keep one.
 */
export function derivedEventId(type: AuditEventType, subject: string): string {
  return uuidV5(`${type}:${subject}`);
}

function derived(
  type: AuditEventType,
  subject: string,
  fields: { decisionId: string; workflow: string; occurredAt: string; data: JsonObject },
): AuditEventV1 {
  return { schemaVersion: 1, eventId: derivedEventId(type, subject), type, actor: 'audit', source: 'audit', ...fields };
}

/** A decision arrived. Its id is the idempotency key, so the same decision sent twice is received once. */
export function decisionReceived(decision: DecisionV1): AuditEventV1 {
  return derived('decision.received', decision.id, {
    decisionId: decision.id,
    workflow: decision.workflow,
    occurredAt: decision.occurredAt,
    data: {
      model: { name: decision.model.name, version: decision.model.version },
      confidence: decision.confidence,
      output: decision.output,
      attributes: decision.attributes,
      flags: decision.flags,
      ...(decision.input === undefined ? {} : { input: decision.input }),
      ...(decision.evidence === undefined ? {} : { evidence: decision.evidence }),
    },
  });
}

/** The decision back from its received event, e.g. to show an auditor what was released. */
export function decisionOfReceived(event: AuditEventV1): DecisionV1 {
  const data = event.data as Pick<
    DecisionV1,
    'model' | 'confidence' | 'output' | 'attributes' | 'flags' | 'input' | 'evidence'
  >;
  return {
    schemaVersion: 1,
    id: event.decisionId ?? '',
    workflow: event.workflow ?? '',
    occurredAt: event.occurredAt,
    model: data.model,
    confidence: data.confidence,
    output: data.output,
    attributes: data.attributes,
    flags: data.flags,
    ...(data.input === undefined ? {} : { input: data.input }),
    ...(data.evidence === undefined ? {} : { evidence: data.evidence }),
  };
}

export function decisionRouted(routed: RoutedDecisionV1): AuditEventV1 {
  const { routing } = routed;
  return derived('decision.routed', routed.decisionId, {
    decisionId: routed.decisionId,
    workflow: routed.decision.workflow,
    occurredAt: routed.routedAt,
    data: {
      route: routing.route,
      reasons: routing.reasons,
      policyVersion: routing.policyVersion,
      trustLevel: routing.trustLevel,
      threshold: routing.threshold,
      randomSample: routing.randomSample,
      requiredApprovals: routing.requiredApprovals,
    },
  });
}

export function decisionFinalized(final: FinalDecisionV1): AuditEventV1 {
  return derived('decision.finalized', final.decisionId, {
    decisionId: final.decisionId,
    workflow: final.workflow,
    occurredAt: final.decidedAt,
    data: {
      outcome: final.outcome,
      finalOutput: final.finalOutput,
      ...(final.safeDefault === undefined ? {} : { safeDefault: final.safeDefault }),
      confidence: final.confidence,
      route: final.routing.route,
      policyVersion: final.routing.policyVersion,
      trustLevel: final.routing.trustLevel,
    },
  });
}

export interface AuditSampleFacts {
  decisionId: string;
  workflow: string;
  periodStart: string;
  bucket: string;
  reason: SampleReason;
  sampledAt: string;
}

export function auditSampled(sample: AuditSampleFacts): AuditEventV1 {
  return derived('audit.sampled', sample.decisionId, {
    decisionId: sample.decisionId,
    workflow: sample.workflow,
    occurredAt: sample.sampledAt,
    data: { period: sample.periodStart, confidenceBucket: sample.bucket, reason: sample.reason },
  });
}

/** An audit check's verdict: the released decision was right (approve) or an error (correct, reject). */
export function auditJudged(completed: ReviewCompletedV1): AuditEventV1 {
  return derived('audit.judged', completed.taskId, {
    decisionId: completed.decisionId,
    workflow: completed.workflow,
    occurredAt: completed.completedAt,
    data: {
      taskId: completed.taskId,
      verdict: completed.verdict,
      error: completed.verdict !== 'approve',
      reviewers: completed.reviewers,
      diff: completed.diff.map((change) => ({ ...change }) as JsonObject),
      ...(completed.reasonCode === undefined ? {} : { reasonCode: completed.reasonCode }),
    },
  });
}
