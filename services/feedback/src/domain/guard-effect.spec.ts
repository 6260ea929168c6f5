import { aJudgment, judgments } from '../testing/judgments';
import { guardEffect } from './guard-effect';

const prompt = (reviewer: string, reconsidered = false) => ({ guardPrompts: [{ reviewer, reconsidered }] });

describe('guardEffect', () => {
  it('splits approve rate and gold agreement by whether the prompt was shown, with Wilson intervals and n', () => {
    const gold = new Map<string, string>();
    const all = [
      // Prompted: 3 approvals (one against a gold reject), 1 reconsidered into a correction that matches gold.
      ...judgments(3, () => prompt('reviewer:anna')),
      aJudgment({ ...prompt('reviewer:anna', true), verdict: 'correct', answer: 'correct:abc' }),
      // Not prompted: 2 approvals, 2 rejections.
      ...judgments(4, (i) =>
        i < 2 ? {} : { verdict: 'reject' as const, answer: 'reject', reviewers: ['reviewer:ben'] },
      ),
    ];
    gold.set(all[0].decisionId, 'reject');
    gold.set(all[3].decisionId, 'correct:abc');
    gold.set(all[4].decisionId, 'approve');
    gold.set(all[6].decisionId, 'approve');

    const effect = guardEffect('invoice-coding', all, gold);

    expect(effect.prompted.verdicts).toBe(4);
    expect(effect.prompted.approveRate).toMatchObject({ successes: 3, trials: 4, estimate: 0.75 });
    expect(effect.prompted.goldAgreement).toMatchObject({ successes: 1, trials: 2, estimate: 0.5 });
    expect(effect.reconsidered).toBe(1);
    expect(effect.notPrompted.approveRate).toMatchObject({ successes: 2, trials: 4 });
    expect(effect.notPrompted.goldAgreement).toMatchObject({ successes: 1, trials: 2 });
    // Wilson 95% for 3/4 (Newcombe 1998): 0.301–0.954.
    expect(effect.prompted.approveRate.lower).toBeCloseTo(0.3006, 3);
    expect(effect.prompted.approveRate.upper).toBeCloseTo(0.9544, 3);
    expect(effect.reviewers.map((r) => [r.reviewer, r.prompted.verdicts, r.notPrompted.verdicts])).toEqual([
      ['reviewer:anna', 4, 2],
      ['reviewer:ben', 0, 2],
    ]);
  });

  it('counts a four-eyes task once per reviewer, prompted only for the reviewer the guard asked', () => {
    const effect = guardEffect(
      'invoice-coding',
      [aJudgment({ reviewers: ['reviewer:anna', 'reviewer:ben'], ...prompt('reviewer:ben') })],
      new Map(),
    );
    expect(effect.prompted.verdicts).toBe(1);
    expect(effect.notPrompted.verdicts).toBe(1);
    expect(effect.reviewers.find((r) => r.reviewer === 'reviewer:ben')?.prompted.verdicts).toBe(1);
    expect(effect.reviewers.find((r) => r.reviewer === 'reviewer:anna')?.prompted.verdicts).toBe(0);
  });

  it('says nothing is known (estimate null, n 0) on a side with no verdicts, and ignores other workflows', () => {
    const effect = guardEffect(
      'invoice-coding',
      [aJudgment({ workflow: 'other', ...prompt('reviewer:anna') })],
      new Map(),
    );
    expect(effect.prompted.approveRate).toMatchObject({ trials: 0, estimate: null });
    expect(effect.notPrompted.goldAgreement).toMatchObject({ trials: 0, estimate: null });
    expect(effect.reviewers).toEqual([]);
  });
});
