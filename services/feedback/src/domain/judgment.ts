import { ReviewKind, VerdictKind } from '@countersign/contracts';

/** What the statistics need of one human judgment (a row of feedback.judgments, without the payloads). */
export interface Judgment {
  decisionId: string;
  taskId: string;
  workflow: string;
  modelName: string;
  modelVersion: string;
  /** The model's confidence in its output, 0..1. */
  confidence: number;
  kind: ReviewKind;
  verdict: VerdictKind;
  /** Chosen by the router's random sampling, independently of confidence, rules and flags. */
  randomSample: boolean;
  reviewers: readonly string[];
  timeOnTaskMs: number;
  completedAt: Date;
  /** The reviewers the rubber-stamp guard prompted before their verdict on this task (absent: nobody). */
  guardPrompts?: readonly { reviewer: string; reconsidered: boolean }[];
}

/**
 * Whether the judgment is an unbiased sample of the AI's decisions. Reviews sent because of low confidence, a rule or
 * a flag are the hard cases by construction; counting them would make every model look worse than it is (and would
 * say nothing about the decisions released without review). Random samples cover all decisions at a rate set by
 * the trust level; audit samples cover the released ones.
 */
export function isUnbiasedSample(judgment: Pick<Judgment, 'kind' | 'randomSample'>): boolean {
  return judgment.kind === 'audit' || judgment.randomSample;
}

/** The AI was right when the human approved its output as it was; a correction or a rejection is an AI error. */
export function aiWasRight(judgment: Pick<Judgment, 'verdict'>): boolean {
  return judgment.verdict === 'approve';
}
