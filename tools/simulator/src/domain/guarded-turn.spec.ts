import { FRESH_GUARD, PROMPT_WINDOW } from '@countersign/contracts/rubber-stamp-guard';
import { SeededRandom } from '@countersign/statistics';
import { GuardMemory, guardedTurn, RUBBER_STAMP_TIME } from './guarded-turn';
import { ReviewerProfile } from './reviewer-profile';
import { GroundTruth } from './simulated-decision';

const reviewer = (overrides: Partial<ReviewerProfile> = {}): ReviewerProfile => ({
  id: 'r-1',
  role: 'reviewer',
  accuracy: 1,
  secondsPerTask: 10,
  rubberStampShare: 0,
  reconsiderShare: 0,
  ...overrides,
});
const wrongOutput: GroundTruth = {
  decisionId: 'd-1',
  workflow: 'w',
  modelVersion: 'v1',
  confidence: 0.9,
  modelCorrect: false,
  trueOutput: { answer: 'right' },
};
/** Ten careful verdicts of about 10 s: the reviewer's own pace. */
const settled: GuardMemory = {
  history: Array.from({ length: 10 }, () => ({ timeOnTaskMs: 10_000, evidenceChars: 0 })),
  guard: FRESH_GUARD,
};

function run(profile: ReviewerProfile, turns: number, seed: string) {
  const random = new SeededRandom(seed);
  let memory = settled;
  const verdicts = [];
  for (let i = 0; i < turns; i++) {
    const turn = guardedTurn(profile, wrongOutput, 0, memory, random);
    memory = turn.memory;
    verdicts.push(turn);
  }
  return verdicts;
}

describe('guardedTurn', () => {
  it('never prompts a careful reviewer working at their own pace', () => {
    const turns = run(reviewer({ accuracy: 0.5 }), 500, 'careful');
    expect(turns.filter((turn) => turn.verdict.guard)).toEqual([]);
  });

  it('prompts a fast rubber-stamp at most once in any PROMPT_WINDOW approvals, as the web app does', () => {
    const turns = run(reviewer({ rubberStampShare: 1 }), 200, 'stamper');
    const approvals = turns.filter((turn) => turn.verdict.verdict === 'approve');
    expect(approvals[0].timeOnTaskMs).toBeLessThanOrEqual(1.5 * 10_000 * RUBBER_STAMP_TIME);
    const prompted = approvals.map((turn) => (turn.verdict.guard?.prompted ? 1 : 0));
    expect(prompted[0]).toBe(1);
    for (let i = 0; i + PROMPT_WINDOW <= prompted.length; i++) {
      expect(prompted.slice(i, i + PROMPT_WINDOW).reduce((a: number, b: number) => a + b, 0)).toBeLessThanOrEqual(1);
    }
  });

  it('a prompted rubber-stamper who reconsiders reads the task and judges it (here: corrects the wrong output)', () => {
    const [turn] = run(reviewer({ rubberStampShare: 1, reconsiderShare: 1 }), 1, 'reconsider');
    expect(turn.verdict).toEqual({
      verdict: 'correct',
      correction: { answer: 'right' },
      guard: { prompted: true, reconsidered: true },
    });
    expect(turn.timeOnTaskMs).toBeGreaterThan(5_000);
  });

  it('reconsiders in about reconsiderShare of prompts over many seeds', () => {
    let prompts = 0;
    let reconsidered = 0;
    for (let seed = 0; seed < 200; seed++) {
      for (const turn of run(reviewer({ rubberStampShare: 1, reconsiderShare: 0.3 }), 5, `seed-${seed}`)) {
        if (turn.verdict.guard?.prompted) prompts++;
        if (turn.verdict.guard?.reconsidered) reconsidered++;
      }
    }
    // Binomial(n≈200+, 0.3): 4 standard deviations either side.
    const sd = Math.sqrt(prompts * 0.3 * 0.7);
    expect(Math.abs(reconsidered - prompts * 0.3)).toBeLessThan(4 * sd);
  });
});
