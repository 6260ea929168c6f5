import { Proportion, wilsonInterval } from '@countersign/statistics';
import { compare } from './accuracy';
import { AnsweredJudgment } from './reviewer-quality';

/** What reviewers' verdicts looked like on one side of the rubber-stamp prompt. */
export interface GuardArm {
  /** Reviewer-verdicts: a four-eyes task counts once for each of its reviewers. */
  verdicts: number;
  /** Share of these verdicts that approved the AI's output, with its 95% Wilson interval. */
  approveRate: Proportion;
  /** Share of these verdicts on gold decisions that matched the known answer, with its 95% Wilson interval. */
  goldAgreement: Proportion;
}

export interface GuardSplit {
  /** Verdicts given after the prompt was shown (the reviewer had pressed approve, fast for them). */
  prompted: GuardArm;
  /** Of the prompted verdicts, how many the reviewer reconsidered (went back to the evidence) instead of approving. */
  reconsidered: number;
  notPrompted: GuardArm;
}

export interface GuardEffect extends GuardSplit {
  workflow: string;
  reviewers: Array<GuardSplit & { reviewer: string }>;
}

/**
 * The rubber-stamp prompt's effect as observed: approve rate and gold agreement of verdicts given with and without a
 * prompt shown, per workflow and per reviewer. Observational, not an experiment: the prompt goes to approvals that
 * were fast for the reviewer, so the two arms differ in who and what was prompted as well as in the prompt itself.
 * The guard's record comes from the reviewer's client; a verdict without one counts as not prompted.
 */
export function guardEffect(
  workflow: string,
  judgments: readonly AnsweredJudgment[],
  goldAnswers: ReadonlyMap<string, string>,
): GuardEffect {
  const entries = judgments
    .filter((judgment) => judgment.workflow === workflow)
    .flatMap((judgment) =>
      [...new Set(judgment.reviewers)].map((reviewer) => ({
        reviewer,
        judgment,
        prompt: judgment.guardPrompts?.find((prompt) => prompt.reviewer === reviewer),
      })),
    );
  const reviewers = [...new Set(entries.map((entry) => entry.reviewer))].sort(compare);
  return {
    workflow,
    ...split(entries, goldAnswers),
    reviewers: reviewers.map((reviewer) => ({
      reviewer,
      ...split(
        entries.filter((entry) => entry.reviewer === reviewer),
        goldAnswers,
      ),
    })),
  };
}

interface Entry {
  judgment: AnsweredJudgment;
  prompt?: { reconsidered: boolean };
}

function split(entries: readonly Entry[], goldAnswers: ReadonlyMap<string, string>): GuardSplit {
  const prompted = entries.filter((entry) => entry.prompt !== undefined);
  return {
    prompted: arm(prompted, goldAnswers),
    reconsidered: prompted.filter((entry) => entry.prompt?.reconsidered).length,
    notPrompted: arm(
      entries.filter((entry) => entry.prompt === undefined),
      goldAnswers,
    ),
  };
}

function arm(entries: readonly Entry[], goldAnswers: ReadonlyMap<string, string>): GuardArm {
  const approvals = entries.filter((entry) => entry.judgment.verdict === 'approve').length;
  const gold = entries.filter((entry) => goldAnswers.has(entry.judgment.decisionId));
  const agreeing = gold.filter((entry) => goldAnswers.get(entry.judgment.decisionId) === entry.judgment.answer).length;
  return {
    verdicts: entries.length,
    approveRate: wilsonInterval(approvals, entries.length),
    goldAgreement: wilsonInterval(agreeing, gold.length),
  };
}
