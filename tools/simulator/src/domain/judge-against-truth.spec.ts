import { judgeAgainstTruth } from './judge-against-truth';
import { ReviewerProfile, reviewerTeam } from './reviewer-profile';
import { SeededRandom } from '@countersign/statistics';
import { GroundTruth } from './simulated-decision';

const truth = (modelCorrect: boolean): GroundTruth => ({
  decisionId: 'd-1',
  workflow: 'lead-qualification',
  modelVersion: '2026.1',
  confidence: 0.8,
  modelCorrect,
  trueOutput: { fitScore: 0.82, rank: 'A', segment: 'smb' },
});

const reviewer = (overrides: Partial<ReviewerProfile> = {}): ReviewerProfile => ({
  id: 'r-1',
  role: 'reviewer',
  accuracy: 1,
  secondsPerTask: 1,
  rubberStampShare: 0,
  reconsiderShare: 0,
  ...overrides,
});

function verdictShares(profile: ReviewerProfile, modelCorrect: boolean, runs = 4000) {
  const random = new SeededRandom('judge');
  const counts: Record<string, number> = { approve: 0, reject: 0, correct: 0 };
  for (let i = 0; i < runs; i++) counts[judgeAgainstTruth(profile, truth(modelCorrect), random).verdict]++;
  return Object.fromEntries(Object.entries(counts).map(([verdict, count]) => [verdict, count / runs]));
}

describe('judgeAgainstTruth', () => {
  it('approves a right output and corrects a wrong one to the truth when the reviewer is always right', () => {
    const random = new SeededRandom('x');
    expect(judgeAgainstTruth(reviewer(), truth(true), random)).toEqual({ verdict: 'approve' });
    expect(judgeAgainstTruth(reviewer(), truth(false), random)).toEqual({
      verdict: 'correct',
      correction: truth(false).trueOutput,
    });
  });

  it('misses wrong outputs and rejects right ones as often as the reviewer errs', () => {
    const shares = verdictShares(reviewer({ accuracy: 0.8 }), false);
    expect(shares.correct).toBeCloseTo(0.8, 1);
    expect(shares.approve).toBeCloseTo(0.2, 1);
    expect(verdictShares(reviewer({ accuracy: 0.8 }), true).reject).toBeCloseTo(0.2, 1);
  });

  it('lets a rubber-stamper approve wrong outputs unseen', () => {
    const shares = verdictShares(reviewer({ rubberStampShare: 0.5 }), false);
    expect(shares.approve).toBeCloseTo(0.5, 1);
    expect(shares.correct).toBeCloseTo(0.5, 1);
  });

  it('makes two leads who judge right and never rubber-stamp, the rest reviewers as set', () => {
    const team = (size: number) =>
      reviewerTeam({ size, accuracy: 0.9, secondsPerTask: 2, rubberStampShare: 0.1, reconsiderShare: 0.5 });
    expect(team(1).map((m) => m.role)).toEqual(['lead']);
    expect(team(4).map((m) => [m.id, m.role, m.accuracy, m.rubberStampShare])).toEqual([
      ['sim-reviewer-lead-1', 'lead', 1, 0],
      ['sim-reviewer-lead-2', 'lead', 1, 0],
      ['sim-reviewer-1', 'reviewer', 0.9, 0.1],
      ['sim-reviewer-2', 'reviewer', 0.9, 0.1],
    ]);
  });
});
