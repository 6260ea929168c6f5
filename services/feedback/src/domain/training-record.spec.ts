import fc from 'fast-check';
import { ReviewCompletedV1 } from '@countersign/contracts';
import { aReviewCompletion, aRouting } from '@countersign/contracts/testing';
import { reviewCompletedOf, trainingRecordOf } from './training-record';

describe('trainingRecordOf', () => {
  it('has the documented shape', () => {
    const event = { ...aReviewCompletion(), input: { documentId: 'msa-1' } };
    const record = trainingRecordOf(event, '42');
    expect(record).toMatchObject({
      input: { documentId: 'msa-1' },
      ai_output: event.aiOutput,
      human_output: event.finalOutput,
      label: 'correct',
      metadata: {
        seq: '42',
        decision_id: event.decisionId,
        reason_code: 'misread-amount',
        unbiased_sample: false,
        model: { name: 'contract-extractor', version: '2026.11' },
      },
    });
  });

  it('marks audit and random samples as unbiased', () => {
    expect(trainingRecordOf(aReviewCompletion({ kind: 'audit' }), '1').metadata.unbiased_sample).toBe(true);
    const sampled = aReviewCompletion({ routing: aRouting({ randomSample: true }) });
    expect(trainingRecordOf(sampled, '1').metadata.unbiased_sample).toBe(true);
  });

  it('round-trips every judgment through JSON losslessly', () => {
    const events: fc.Arbitrary<ReviewCompletedV1> = fc
      .record({
        verdict: fc.constantFrom('approve' as const, 'correct' as const, 'reject' as const),
        reason: fc.option(fc.string(), { nil: undefined }),
        comment: fc.option(fc.string(), { nil: undefined }),
        input: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }),
        confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ verdict, reason, comment, input, confidence }) => {
        const base = aReviewCompletion({ verdict, confidence });
        const event: ReviewCompletedV1 = { ...base, finalOutput: verdict === 'reject' ? null : base.finalOutput };
        delete event.reasonCode;
        delete event.comment;
        return {
          ...event,
          ...(reason === undefined ? {} : { reasonCode: reason }),
          ...(comment === undefined ? {} : { comment }),
          ...(input === undefined ? {} : { input: input as ReviewCompletedV1['aiOutput'] }),
        };
      });
    fc.assert(
      fc.property(events, (event) => {
        const line = JSON.stringify(trainingRecordOf(event, '7'));
        expect(reviewCompletedOf(JSON.parse(line))).toEqual(JSON.parse(JSON.stringify(event)));
      }),
    );
  });
});
