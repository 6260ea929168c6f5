import { FINAL_OUTCOMES, FinalOutcome } from '@countersign/contracts';

/** How many decisions of one workflow ended with one outcome. */
export interface OutcomeCount {
  workflow: string;
  outcome: FinalOutcome;
  count: number;
}

export interface OutcomeSummary {
  total: number;
  /** Every outcome is present, zero when none happened, so a reader never has to guess what a missing key means. */
  byOutcome: Record<FinalOutcome, number>;
  /** Total per workflow, in workflow name order. */
  byWorkflow: Record<string, number>;
}

/** Folds grouped counts into the summary the API reports. */
export function summarizeOutcomes(counts: readonly OutcomeCount[]): OutcomeSummary {
  const byOutcome = Object.fromEntries(FINAL_OUTCOMES.map((outcome) => [outcome, 0])) as Record<FinalOutcome, number>;
  const byWorkflow = new Map<string, number>();
  let total = 0;
  for (const { workflow, outcome, count } of counts) {
    byOutcome[outcome] += count;
    byWorkflow.set(workflow, (byWorkflow.get(workflow) ?? 0) + count);
    total += count;
  }
  // Built from entries rather than by assignment so that a workflow named like an Object.prototype key stays data.
  const workflows = [...byWorkflow].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { total, byOutcome, byWorkflow: Object.fromEntries(workflows) };
}
