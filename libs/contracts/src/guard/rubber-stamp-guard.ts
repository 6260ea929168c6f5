/**
 * The rubber-stamp guard: asks "did you check the evidence?" when a reviewer approves much faster than their OWN recent
 * pace on the same workflow, measured per unit of what there was to read.
 *
 * Rule (documented in docs/accessibility.md, "Rubber-stamp guard"):
 * - pace of a past verdict = timeOnTaskMs / (FIXED_READING_CHARS + evidence characters): a fixed part for reading the
 *   output and deciding, plus a part that grows with the evidence, so a short decision is not "hasty" for being short;
 * - the yardstick is the median pace of the reviewer's last RECENT_JUDGMENTS verdicts on the workflow (newest first),
 *   and only once there are at least MIN_OWN_JUDGMENTS of them: with fewer, we know nothing about this reviewer and
 *   stay silent rather than compare them with somebody else;
 * - an approval prompts when it took less than HASTE_RATIO × yardstick × (FIXED_READING_CHARS + its evidence chars);
 * - at most one prompt in any PROMPT_WINDOW consecutive approvals, so the prompt stays a signal and not a chore.
 */
export const RECENT_JUDGMENTS = 20;
export const MIN_OWN_JUDGMENTS = 5;
export const HASTE_RATIO = 0.35;
export const PROMPT_WINDOW = 5;
export const FIXED_READING_CHARS = 400;

/** One past verdict of this reviewer on this workflow. */
export interface PastJudgment {
  timeOnTaskMs: number;
  evidenceChars: number;
}

/** How many approvals this reviewer made since the last prompt; Infinity when never prompted. */
export interface GuardState {
  approvalsSincePrompt: number;
}

export const FRESH_GUARD: GuardState = { approvalsSincePrompt: Number.POSITIVE_INFINITY };

export interface GuardVerdict {
  prompt: boolean;
  /** The time a careful approval of this task takes at the reviewer's own median pace; undefined without a yardstick. */
  usualMs?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function readingUnits(evidenceChars: number): number {
  return FIXED_READING_CHARS + Math.max(0, evidenceChars);
}

/** The reviewer's own median time per reading unit, or undefined while there are too few of their verdicts. */
export function ownPace(history: PastJudgment[]): number | undefined {
  const recent = history.slice(0, RECENT_JUDGMENTS).filter((past) => past.timeOnTaskMs >= 0);
  if (recent.length < MIN_OWN_JUDGMENTS) return undefined;
  return median(recent.map((past) => past.timeOnTaskMs / readingUnits(past.evidenceChars)));
}

/** Whether this approval asks once more, given the reviewer's own history (newest first) and the prompt rate limit. */
export function judgeApproval(history: PastJudgment[], approval: PastJudgment, state: GuardState): GuardVerdict {
  const pace = ownPace(history);
  if (pace === undefined) return { prompt: false };
  const usualMs = pace * readingUnits(approval.evidenceChars);
  const hasty = approval.timeOnTaskMs < HASTE_RATIO * usualMs;
  return { prompt: hasty && state.approvalsSincePrompt >= PROMPT_WINDOW - 1, usualMs };
}

/** The guard's state after an approval is sent, with or without a prompt before it. */
export function afterApproval(state: GuardState, prompted: boolean): GuardState {
  return { approvalsSincePrompt: prompted ? 0 : state.approvalsSincePrompt + 1 };
}

/** Characters of evidence the reviewer had to read: the decision's evidence as JSON (0 when there is none). */
export function evidenceChars(evidence: unknown): number {
  if (evidence === undefined || evidence === null) return 0;
  return typeof evidence === 'string' ? evidence.length : JSON.stringify(evidence).length;
}
