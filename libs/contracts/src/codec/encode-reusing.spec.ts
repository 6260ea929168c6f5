import { aDecision, aRouting } from '../testing';
import { encodeEvent, encodeEventReusing } from './decode';

describe('encodeEventReusing', () => {
  const decision = aDecision({ attributes: { amount: 1_250, region: 'EU', note: 'quotes " and \\ and é' } });
  const routing = aRouting();
  const known = new Map<unknown, string>([
    [decision, JSON.stringify(decision)],
    [routing, JSON.stringify(routing)],
  ]);

  it("writes encodeEvent's bytes exactly, for the shapes the router writes", () => {
    const events: object[] = [
      { schemaVersion: 1, decisionId: decision.id, routing, decision, routedAt: '2026-12-05T22:00:00.000Z' },
      { schemaVersion: 1, decisionId: decision.id, kind: 'review', routing, decision, requestedAt: 'x' },
      { schemaVersion: 1, decisionId: decision.id, outcome: 'autonomous', finalOutput: decision.output, routing },
    ];
    for (const event of events) expect(encodeEventReusing(event, known)).toEqual(encodeEvent(event));
  });

  it('skips what JSON.stringify skips and keeps its key order, numeric keys first', () => {
    const event = { b: undefined, z: 1, 2: 'two', a: () => 1, decision, 1: null, nested: { decision } };
    expect(encodeEventReusing(event, known).toString()).toBe(JSON.stringify(event));
    expect(encodeEventReusing({}, known).toString()).toBe('{}');
    expect(encodeEventReusing({ only: undefined }, known).toString()).toBe('{}');
  });

  it('takes a known member from the map, not by serialising it again', () => {
    const stale = new Map<unknown, string>([[decision, '"from the map"']]);
    expect(encodeEventReusing({ decision }, stale).toString()).toBe('{"decision":"from the map"}');
  });
});
