import {
  DecisionV1,
  FinalDecisionV1,
  ReviewRequestedV1,
  RoutedDecisionV1,
  RoutingFacts,
  Topics,
} from '@countersign/contracts';
import { OutboundRecord, outboundEvent } from '@countersign/kafka';

/**
 * The records one routed decision produces: always `routed`, then either its `final` outcome (autonomous) or a
 * review request. All keyed by decision id so the decision's events stay ordered in one partition.
 */
export function routedOutputs(decision: DecisionV1, routing: RoutingFacts, now: Date): OutboundRecord[] {
  const at = now.toISOString();
  const routed: RoutedDecisionV1 = { schemaVersion: 1, decisionId: decision.id, routing, decision, routedAt: at };
  const records = [outboundEvent(Topics.decisionsRouted, decision.id, routed)];
  if (routing.route === 'autonomous') {
    const final: FinalDecisionV1 = {
      schemaVersion: 1,
      decisionId: decision.id,
      workflow: decision.workflow,
      outcome: 'autonomous',
      finalOutput: decision.output,
      model: decision.model,
      confidence: decision.confidence,
      routing,
      decidedAt: at,
    };
    records.push(outboundEvent(Topics.decisionsFinal, decision.id, final));
  } else {
    const request: ReviewRequestedV1 = {
      schemaVersion: 1,
      decisionId: decision.id,
      kind: 'review',
      routing,
      decision,
      requestedAt: at,
    };
    records.push(outboundEvent(Topics.reviewRequested, decision.id, request));
  }
  return records;
}
