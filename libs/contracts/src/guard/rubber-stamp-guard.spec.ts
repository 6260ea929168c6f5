import fc from 'fast-check';
import {
  FIXED_READING_CHARS,
  FRESH_GUARD,
  GuardState,
  PROMPT_WINDOW,
  PastJudgment,
  afterApproval,
  evidenceChars,
  judgeApproval,
  ownPace,
} from './rubber-stamp-guard';

/** A history of `n` verdicts at `msPerUnit` on evidence of `chars` characters. */
const steady = (n: number, msPerUnit: number, chars = 600): PastJudgment[] =>
  Array.from({ length: n }, () => ({ timeOnTaskMs: msPerUnit * (FIXED_READING_CHARS + chars), evidenceChars: chars }));

describe('rubber-stamp guard', () => {
  // 20 ms per unit over 1000 units: this reviewer usually takes 20 s.
  const usual = steady(10, 20);

  it.each([
    ['no history: silent', [], 1_000, 600, false],
    ['4 own verdicts: still silent', steady(4, 20), 1_000, 600, false],
    ['5 own verdicts, 1 s instead of 20 s: prompts', steady(5, 20), 1_000, 600, true],
    ['usual pace (20 s)', usual, 20_000, 600, false],
    ['half the usual pace (10 s)', usual, 10_000, 600, false],
    ['just above the line (7.1 s of 20 s)', usual, 7_100, 600, false],
    ['just below the line (6.9 s of 20 s)', usual, 6_900, 600, true],
    ['short evidence, short time (3 s for 450 units)', usual, 3_200, 50, false],
    ['long evidence, 10 s for 5400 units', usual, 10_000, 5_000, true],
  ])('%s', (_case, history, timeOnTaskMs, chars, prompt) => {
    expect(judgeApproval(history, { timeOnTaskMs, evidenceChars: chars }, FRESH_GUARD).prompt).toBe(prompt);
  });

  it('uses only the newest 20 verdicts (the history is newest first)', () => {
    const history = [...steady(20, 2), ...steady(50, 200)];
    expect(ownPace(history)).toBe(2);
    expect(judgeApproval(history, { timeOnTaskMs: 1_000, evidenceChars: 600 }, FRESH_GUARD).prompt).toBe(false);
  });

  it('prompts at most once in five approvals', () => {
    let state: GuardState = FRESH_GUARD;
    const prompts: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      const { prompt } = judgeApproval(usual, { timeOnTaskMs: 100, evidenceChars: 600 }, state);
      prompts.push(prompt);
      state = afterApproval(state, prompt);
    }
    expect(prompts.map(Number).join('')).toBe('100001000010');
  });

  it('measures evidence as JSON characters', () => {
    expect(evidenceChars(undefined)).toBe(0);
    expect(evidenceChars('abc')).toBe(3);
    expect(evidenceChars({ a: 1 })).toBe(7);
  });

  const past = fc.record({
    timeOnTaskMs: fc.integer({ min: 500, max: 600_000 }),
    evidenceChars: fc.integer({ min: 0, max: 20_000 }),
  });

  it('never prompts an approval at the reviewer\u2019s usual pace (at or above their median pace)', () => {
    fc.assert(
      fc.property(
        fc.array(past, { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        (history, chars, slower) => {
          const pace = ownPace(history);
          const timeOnTaskMs = (pace ?? 1) * (FIXED_READING_CHARS + chars) * slower;
          return !judgeApproval(history, { timeOnTaskMs, evidenceChars: chars }, FRESH_GUARD).prompt;
        },
      ),
    );
  });

  it('never prompts more than once in any five consecutive approvals', () => {
    fc.assert(
      fc.property(
        fc.array(past, { minLength: 5, maxLength: 20 }),
        fc.array(past, { minLength: 1, maxLength: 60 }),
        (history, approvals) => {
          let state: GuardState = FRESH_GUARD;
          const prompts = approvals.map((approval) => {
            const { prompt } = judgeApproval(history, approval, state);
            state = afterApproval(state, prompt);
            return prompt;
          });
          return prompts.every((_, i) => prompts.slice(i, i + PROMPT_WINDOW).filter(Boolean).length <= 1);
        },
      ),
    );
  });
});
