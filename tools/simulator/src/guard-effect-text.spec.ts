import { guardEffectText, rateText, readGuardEffect } from './guard-effect-text';

const rate = (successes: number, trials: number, lower: number, upper: number) => ({
  successes,
  trials,
  estimate: trials === 0 ? null : successes / trials,
  lower,
  upper,
});
const answer = {
  workflow: 'lead-qualification',
  prompted: { verdicts: 15, approveRate: rate(10, 15, 0.417, 0.848), goldAgreement: rate(8, 15, 0.301, 0.752) },
  reconsidered: 9,
  notPrompted: { verdicts: 94, approveRate: rate(52, 94, 0.453, 0.65), goldAgreement: rate(0, 0, 0, 1) },
  reviewers: [],
};

describe('the guard-effect report', () => {
  it('prints each side with its interval and n, the reconsidered count and the assumption', () => {
    const value = readGuardEffect(answer);
    if (!value) throw new Error('the answer was not read');
    expect(guardEffectText({ available: true, value }, 0.5)).toEqual([
      '  rubber-stamp guard (feedback, 95% Wilson; assumption: a prompted rubber-stamper reconsiders with p=0.5):',
      '    prompt shown     approve 66.7% [41.7%–84.8%] n=15  gold agreement 53.3% [30.1%–75.2%] n=15  (9 of 15 reconsidered)',
      '    no prompt        approve 55.3% [45.3%–65.0%] n=94  gold agreement – n=0',
    ]);
  });

  it('says why when feedback did not answer, and refuses an answer of another shape', () => {
    expect(guardEffectText({ available: false, reason: 'refused (403)' }, 0.5)).toEqual([
      '  rubber-stamp guard: refused (403)',
    ]);
    expect(readGuardEffect({ workflow: 'w', prompted: {} })).toBeUndefined();
    expect(rateText(rate(0, 0, 0, 1))).toBe('– n=0');
  });
});
