import { aDecision, aRouting } from '@countersign/contracts/testing';
import { encodeEvent, Topics } from '@countersign/contracts';
import { routedOutputs } from './routed-outputs';

describe('routedOutputs', () => {
  const now = new Date('2026-12-05T22:00:00.000Z');
  const decision = aDecision({ attributes: { amount: 9_000, region: 'EU' } });

  it('writes routed and the review request, the decision serialised as encodeEvent would', () => {
    const routing = aRouting({ route: 'review' });
    const [routed, request] = routedOutputs(decision, routing, now);
    expect(routed).toEqual({
      topic: Topics.decisionsRouted,
      key: decision.id,
      value: encodeEvent({ schemaVersion: 1, decisionId: decision.id, routing, decision, routedAt: now.toISOString() }),
    });
    expect(request.topic).toBe(Topics.reviewRequested);
    expect(request.value).toEqual(
      encodeEvent({
        schemaVersion: 1,
        decisionId: decision.id,
        kind: 'review',
        routing,
        decision,
        requestedAt: now.toISOString(),
      }),
    );
  });

  it('writes routed and the final outcome of an autonomous decision', () => {
    const routing = aRouting({ route: 'autonomous' });
    const outputs = routedOutputs(decision, routing, now);
    expect(outputs.map((output) => output.topic)).toEqual([Topics.decisionsRouted, Topics.decisionsFinal]);
    expect(JSON.parse(outputs[1].value.toString())).toEqual(
      JSON.parse(
        JSON.stringify({
          schemaVersion: 1,
          decisionId: decision.id,
          workflow: decision.workflow,
          outcome: 'autonomous',
          finalOutput: decision.output,
          model: decision.model,
          confidence: decision.confidence,
          routing,
          decidedAt: now.toISOString(),
        }),
      ),
    );
  });
});
