import { WorkflowOversight } from './oversight-report';
import { Proportion, proportion } from './proportion';
import { SimulatedDecision } from './simulated-decision';

/** The baseline arm's workflows are the seed workflows with this suffix, each under a fixed, naive policy. */
export const BASELINE_SUFFIX = '-baseline';

/** The naive baseline: one fixed confidence threshold plus a fixed share of random spot-checks, nothing else. */
export interface BaselineSettings {
  threshold: number;
  sampleRate: number;
}

/**
 * The router policy of a baseline workflow: trust level 2 with no edge band is exactly "below the threshold, or
 * drawn for the random sample", with no rules, no flags and no four-eyes.
 */
export function baselinePolicy({ threshold, sampleRate }: BaselineSettings) {
  return {
    threshold,
    trustLevel: 2,
    alwaysReview: [],
    reviewFlags: [],
    requiredApprovals: [],
    ladder: { level1ReviewRate: 0.8, level2EdgeBand: 0, level2SampleRate: sampleRate, level3SampleRate: 0.02 },
  };
}

/** The same decision, sent a second time to the baseline workflow under its own id (same truth, same output). */
export function baselineCopy({ decision, truth }: SimulatedDecision): SimulatedDecision {
  const id = `${decision.id}${BASELINE_SUFFIX}`;
  const workflow = `${decision.workflow}${BASELINE_SUFFIX}`;
  return { decision: { ...decision, id, workflow }, truth: { ...truth, decisionId: id, workflow } };
}

export interface ArmSummary {
  arm: 'baseline' | 'countersign';
  decisions: number;
  reviewed: number;
  released: number;
  /** Released decisions that were wrong: the residual error rate downstream systems live with. */
  residualErrorRate: Proportion;
}

/** Adds up the two arms of a comparison run from the per-workflow oversight. */
export function compareArms(workflows: WorkflowOversight[]): ArmSummary[] {
  return (['baseline', 'countersign'] as const).map((arm) => {
    const members = workflows.filter((w) => w.workflow.endsWith(BASELINE_SUFFIX) === (arm === 'baseline'));
    const sum = (pick: (w: WorkflowOversight) => number) => members.reduce((total, w) => total + pick(w), 0);
    const released = sum((w) => w.residualErrorRate.trials);
    return {
      arm,
      decisions: sum((w) => w.routed),
      reviewed: sum((w) => w.reviewed),
      released,
      residualErrorRate: proportion(
        sum((w) => w.residualErrorRate.successes),
        released,
      ),
    };
  });
}
