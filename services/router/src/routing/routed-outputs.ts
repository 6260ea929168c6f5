import {
  DecisionV1,
  FinalDecisionV1,
  ReviewRequestedV1,
  RoutedDecisionV1,
  RoutingFacts,
  Topics,
  encodeEventReusing,
} from '@countersign/contracts';
import { OutboundRecord } from '@countersign/kafka';

/**
 * The records one routed decision produces: always `routed`, then either its `final` outcome (autonomous) or a
 * review request. All keyed by decision id so the decision's events stay ordered in one partition. The decision and
 * its routing go into both records: each is serialised once (`encodeEventReusing`).
 */
export function routedOutputs(decision: DecisionV1, routing: RoutingFacts, now: Date): OutboundRecord[] {
  const at = now.toISOString();
  const known = new Map<unknown, string>([
    [decision, JSON.stringify(decision)],
    [routing, JSON.stringify(routing)],
  ]);
  const record = (topic: string, event: object): OutboundRecord => ({
    topic,
    key: decision.id,
    value: encodeEventReusing(event, known),
  });
  const routed: RoutedDecisionV1 = { schemaVersion: 1, decisionId: decision.id, routing, decision, routedAt: at };
  const records = [record(Topics.decisionsRouted, routed)];
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
    records.push(record(Topics.decisionsFinal, final));
  } else {
    const request: ReviewRequestedV1 = {
      schemaVersion: 1,
      decisionId: decision.id,
      kind: 'review',
      routing,
      decision,
      requestedAt: at,
    };
    records.push(record(Topics.reviewRequested, request));
  }
  return records;
}
