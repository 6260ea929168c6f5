import { compare } from './accuracy';
import { Judgment } from './judgment';
import { Proportion, wilsonInterval } from '@countersign/statistics';

/** A judgment with the human's answer in canonical form (see humanAnswer). */
export interface AnsweredJudgment extends Judgment {
  answer: string;
}

export interface ReviewerQuality {
  reviewer: string;
  judgments: number;
  approveRate: Proportion;
  /** Approve rate of every other reviewer's judgments in the same scope. */
  peerApproveRate: Proportion;
  /** Median time on task; a four-eyes task's time is split evenly between its reviewers. */
  medianTimeOnTaskMs: number | null;
  peerMedianTimeOnTaskMs: number | null;
  /** Agreement with other reviewers who judged the same decision in another task (review, audit, gold copies). */
  peerAgreement: Proportion;
  /** Agreement with the known answer of gold tasks. */
  goldAgreement: Proportion;
  /**
   * Rubber-stamp signal: approves significantly more often than peers (the lower bound of their approve rate is above
   * the peers' rate) while spending less than half the peers' median time. A prompt to look, not a verdict.
   */
  rubberStampSuspected: boolean;
}

export const RUBBER_STAMP_MIN_JUDGMENTS = 20;

/** Quality signals of every reviewer in the given judgments, in reviewer order. */
export function assessReviewers(
  judgments: readonly AnsweredJudgment[],
  goldAnswers: ReadonlyMap<string, string>,
): ReviewerQuality[] {
  const byReviewer = new Map<string, AnsweredJudgment[]>();
  const byDecision = new Map<string, AnsweredJudgment[]>();
  for (const judgment of judgments) {
    for (const reviewer of new Set(judgment.reviewers)) push(byReviewer, reviewer, judgment);
    push(byDecision, judgment.decisionId, judgment);
  }
  const totalApprovals = judgments.reduce((n, j) => n + j.reviewers.length * (j.verdict === 'approve' ? 1 : 0), 0);
  const totalReviewerJudgments = judgments.reduce((n, j) => n + j.reviewers.length, 0);
  return [...byReviewer]
    .sort(([a], [b]) => compare(a, b))
    .map(([reviewer, own]) => {
      const approvals = own.filter((j) => j.verdict === 'approve').length;
      const ownTimes = own.map((j) => j.timeOnTaskMs / j.reviewers.length);
      const peerTimes = judgments
        .filter((j) => !j.reviewers.includes(reviewer))
        .flatMap((j) => j.reviewers.map(() => j.timeOnTaskMs / j.reviewers.length));
      const approveRate = wilsonInterval(approvals, own.length);
      const peerApproveRate = wilsonInterval(totalApprovals - approvals, totalReviewerJudgments - own.length);
      const medianTimeOnTaskMs = median(ownTimes);
      const peerMedianTimeOnTaskMs = median(peerTimes);
      return {
        reviewer,
        judgments: own.length,
        approveRate,
        peerApproveRate,
        medianTimeOnTaskMs,
        peerMedianTimeOnTaskMs,
        peerAgreement: peerAgreementOf(reviewer, own, byDecision),
        goldAgreement: goldAgreementOf(own, goldAnswers),
        rubberStampSuspected:
          own.length >= RUBBER_STAMP_MIN_JUDGMENTS &&
          peerApproveRate.estimate !== null &&
          approveRate.lower > peerApproveRate.estimate &&
          medianTimeOnTaskMs !== null &&
          peerMedianTimeOnTaskMs !== null &&
          medianTimeOnTaskMs < peerMedianTimeOnTaskMs / 2,
      };
    });
}

/** Each pair (own judgment, another reviewer's judgment of the same decision in a different task) is one trial. */
function peerAgreementOf(
  reviewer: string,
  own: readonly AnsweredJudgment[],
  byDecision: ReadonlyMap<string, AnsweredJudgment[]>,
): Proportion {
  let pairs = 0;
  let agreements = 0;
  for (const judgment of own) {
    for (const other of byDecision.get(judgment.decisionId) ?? []) {
      if (other.taskId === judgment.taskId || other.reviewers.includes(reviewer)) continue;
      pairs++;
      if (other.answer === judgment.answer) agreements++;
    }
  }
  return wilsonInterval(agreements, pairs);
}

function goldAgreementOf(own: readonly AnsweredJudgment[], goldAnswers: ReadonlyMap<string, string>): Proportion {
  const gold = own.filter((j) => goldAnswers.has(j.decisionId));
  return wilsonInterval(gold.filter((j) => goldAnswers.get(j.decisionId) === j.answer).length, gold.length);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
