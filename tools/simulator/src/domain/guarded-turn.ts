import {
  afterApproval,
  GuardState,
  judgeApproval,
  PastJudgment,
  RECENT_JUDGMENTS,
} from '@countersign/contracts/rubber-stamp-guard';
import { SeededRandom } from '@countersign/statistics';
import { carefulJudgment, RUBBER_STAMP, SimulatedVerdict } from './judge-against-truth';
import { ReviewerProfile } from './reviewer-profile';
import { GroundTruth } from './simulated-decision';

/** A rubber-stamp takes this share of the reviewer's usual time on the task: a glance, not a reading. */
export const RUBBER_STAMP_TIME = 0.1;

/** What a simulated reviewer carries from task to task: their own recent verdicts (newest first) and the guard. */
export interface GuardMemory {
  history: PastJudgment[];
  guard: GuardState;
}

export interface Turn {
  verdict: SimulatedVerdict;
  timeOnTaskMs: number;
  memory: GuardMemory;
}

/**
 * One task as a simulated reviewer works it under the web app's rubber-stamp guard (the same rule, from
 * libs/contracts). A careful reviewer takes 0.5–1.5 × their mean time and judges with their accuracy; a rubber-stamp
 * (share `rubberStampShare`) approves after a tenth of that. An approval the guard finds fast for this reviewer is
 * prompted: a rubber-stamper then goes back and reads with probability `reconsiderShare` (an assumption, stated in the
 * report), otherwise approves anyway; a careful reviewer approves anyway. The verdict says whether it was prompted.
 */
export function guardedTurn(
  reviewer: ReviewerProfile,
  truth: GroundTruth,
  evidenceChars: number,
  memory: GuardMemory,
  random: SeededRandom,
): Turn {
  const usualMs = random.between(0.5, 1.5) * reviewer.secondsPerTask * 1000;
  const stamped = random.chance(reviewer.rubberStampShare);
  let verdict = stamped ? RUBBER_STAMP : carefulJudgment(reviewer, truth, random);
  let timeOnTaskMs = stamped ? usualMs * RUBBER_STAMP_TIME : usualMs;
  let guard = memory.guard;
  if (verdict.verdict === 'approve') {
    const prompted = judgeApproval(memory.history, { timeOnTaskMs, evidenceChars }, memory.guard).prompt;
    if (prompted && stamped && random.chance(reviewer.reconsiderShare)) {
      verdict = { ...carefulJudgment(reviewer, truth, random), guard: { prompted: true, reconsidered: true } };
      timeOnTaskMs += usualMs;
    } else if (prompted) {
      verdict = { ...verdict, guard: { prompted: true, reconsidered: false } };
    }
    // As in the web app: the rate limit counts approvals sent, a prompted one restarting the count.
    if (verdict.verdict === 'approve') guard = afterApproval(memory.guard, prompted);
  }
  const history = [{ timeOnTaskMs, evidenceChars }, ...memory.history].slice(0, RECENT_JUDGMENTS);
  return { verdict, timeOnTaskMs, memory: { history, guard } };
}
