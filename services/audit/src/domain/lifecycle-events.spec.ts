import { AuditEventV1, decodeEvent, encodeEvent } from '@countersign/contracts';
import {
  aDecision,
  aFinalDecision,
  aReviewCompletion,
  aRoutedDecision,
  aRouting,
} from '@countersign/contracts/testing';
import {
  auditJudged,
  auditSampled,
  decisionFinalized,
  decisionOfReceived,
  decisionReceived,
  decisionRouted,
} from './lifecycle-events';

describe('derived lifecycle events', () => {
  const events = () => [
    decisionReceived(aDecision({ id: 'd-1' })),
    decisionRouted(
      aRoutedDecision({ decisionId: 'd-1', routing: aRouting({ reasons: ['rule:big'], policyVersion: 7 }) }),
    ),
    decisionFinalized(aFinalDecision({ decisionId: 'd-1' })),
    auditSampled({
      decisionId: 'd-1',
      workflow: 'kyc',
      periodStart: '2026-11-23T00:00:00.000Z',
      bucket: '0.9-1',
      reason: 'rate',
      sampledAt: '2026-11-25T00:00:00.000Z',
    }),
    auditJudged(aReviewCompletion({ decisionId: 'd-1', kind: 'audit', verdict: 'correct' })),
  ];

  it('are valid AuditEventV1 events', () => {
    for (const event of events()) {
      const decoded = decodeEvent(AuditEventV1, encodeEvent(event));
      expect(decoded).toMatchObject({ ok: true });
    }
  });

  it('get the same ids when derived again, and different ids per type', () => {
    const ids = events().map((event) => event.eventId);
    expect(events().map((event) => event.eventId)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keep enough of a received decision to show it again', () => {
    const decision = aDecision({ id: 'd-9', input: { text: 'x' }, flags: ['f'] });
    expect(decisionOfReceived(decisionReceived(decision))).toEqual(decision);
  });

  it('carry the routing reasons and policy version, and judge corrections as errors', () => {
    const [, routed, , , judged] = events();
    expect(routed.data).toMatchObject({ reasons: ['rule:big'], policyVersion: 7 });
    expect(judged.data).toMatchObject({ verdict: 'correct', error: true });
  });
});
