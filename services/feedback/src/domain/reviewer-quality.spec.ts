import { aJudgment, judgments } from '../testing/judgments';
import { assessReviewers, median } from './reviewer-quality';

describe('assessReviewers', () => {
  it('flags a reviewer who approves far more often and far faster than peers', () => {
    const quality = assessReviewers(
      [
        ...judgments(40, () => ({ reviewers: ['reviewer:fast'], timeOnTaskMs: 5_000 })),
        ...judgments(40, (i) => ({
          reviewers: ['reviewer:careful'],
          verdict: i % 2 === 0 ? 'approve' : 'correct',
          answer: i % 2 === 0 ? 'approve' : 'correct:{}',
          timeOnTaskMs: 90_000,
        })),
      ],
      new Map(),
    );
    const [careful, fast] = quality;
    expect(fast).toMatchObject({ reviewer: 'reviewer:fast', judgments: 40, medianTimeOnTaskMs: 5_000 });
    expect(fast?.approveRate.estimate).toBe(1);
    expect(fast?.peerApproveRate.estimate).toBe(0.5);
    expect(fast?.peerMedianTimeOnTaskMs).toBe(90_000);
    expect(fast?.rubberStampSuspected).toBe(true);
    expect(careful?.rubberStampSuspected).toBe(false);
  });

  it('does not flag a fast approver with too few judgments to tell', () => {
    const quality = assessReviewers(
      [
        ...judgments(5, () => ({ reviewers: ['reviewer:fast'], timeOnTaskMs: 5_000 })),
        ...judgments(40, () => ({ reviewers: ['reviewer:careful'], verdict: 'reject', answer: 'reject' })),
      ],
      new Map(),
    );
    expect(quality.find((q) => q.reviewer === 'reviewer:fast')?.rubberStampSuspected).toBe(false);
  });

  it('measures agreement with peers on the same decision and with gold answers', () => {
    const gold = new Map([
      ['gold-1', 'approve'],
      ['gold-2', 'correct:{"amount":5}'],
    ]);
    const quality = assessReviewers(
      [
        aJudgment({ decisionId: 'gold-1', reviewers: ['reviewer:anna'], answer: 'approve' }),
        aJudgment({ decisionId: 'gold-1', reviewers: ['reviewer:ben'], answer: 'approve' }),
        aJudgment({
          decisionId: 'gold-2',
          reviewers: ['reviewer:anna'],
          verdict: 'correct',
          answer: 'correct:{"amount":5}',
        }),
        aJudgment({ decisionId: 'gold-2', reviewers: ['reviewer:ben'], verdict: 'approve', answer: 'approve' }),
        // Four-eyes: one task, two reviewers — co-signers are not peers of each other.
        aJudgment({ decisionId: 'd-3', reviewers: ['reviewer:anna', 'reviewer:ben'], timeOnTaskMs: 100_000 }),
      ],
      gold,
    );
    const anna = quality.find((q) => q.reviewer === 'reviewer:anna');
    const ben = quality.find((q) => q.reviewer === 'reviewer:ben');
    expect([anna?.peerAgreement.successes, anna?.peerAgreement.trials]).toEqual([1, 2]);
    expect([anna?.goldAgreement.successes, anna?.goldAgreement.trials]).toEqual([2, 2]);
    expect([ben?.goldAgreement.successes, ben?.goldAgreement.trials]).toEqual([1, 2]);
    // Anna's times: 60 s, 60 s and half of the four-eyes 100 s.
    expect(anna?.medianTimeOnTaskMs).toBe(60_000);
  });
});

describe('median', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('of %j is %j', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
