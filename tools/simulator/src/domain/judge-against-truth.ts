import { JsonObject } from '@countersign/contracts';
import { ReviewerProfile } from './reviewer-profile';
import { SeededRandom } from '@countersign/statistics';
import { GroundTruth } from './simulated-decision';

/** A verdict as the review API takes it (POST /tasks/:id/complete). */
export type SimulatedVerdict = (
  | { verdict: 'approve'; comment?: string }
  | { verdict: 'reject'; reasonCode: string; comment?: string }
  | { verdict: 'correct'; correction: JsonObject; comment?: string }
) & { guard?: { prompted: boolean; reconsidered: boolean } };

/**
 * What a simulated reviewer answers for a task, judged against the hidden ground truth. A rubber-stamper approves
 * unseen. Otherwise a right judgment approves a correct output and corrects a wrong one to the truth; a wrong
 * judgment rejects a correct output or lets a wrong one through.
 */
export function judgeAgainstTruth(
  reviewer: ReviewerProfile,
  truth: GroundTruth,
  random: SeededRandom,
): SimulatedVerdict {
  if (random.chance(reviewer.rubberStampShare)) return RUBBER_STAMP;
  return carefulJudgment(reviewer, truth, random);
}

export const RUBBER_STAMP: SimulatedVerdict = { verdict: 'approve', comment: 'looks fine' };

/** The verdict of a reviewer who looks: right with probability `accuracy`. */
export function carefulJudgment(
  reviewer: Pick<ReviewerProfile, 'accuracy'>,
  truth: GroundTruth,
  random: SeededRandom,
): SimulatedVerdict {
  const right = random.chance(reviewer.accuracy);
  if (truth.modelCorrect) return right ? { verdict: 'approve' } : { verdict: 'reject', reasonCode: 'incorrect' };
  return right ? { verdict: 'correct', correction: truth.trueOutput } : { verdict: 'approve' };
}
