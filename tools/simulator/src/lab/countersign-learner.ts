import { RiskBudget, RiskRuleLearner, safetyOf, SeededRandom } from '@countersign/statistics';
import { LabDecision, LabScenario } from './lab-scenarios';
import { PolicyOutcome } from './policy-outcome';

export interface LearnerSettings {
  budget: RiskBudget;
  /** Share of released decisions sent to review at random (their propensity). */
  sampleRate: number;
  /** Decisions of a new version reviewed before any test starts; they only place the cuts. */
  burnIn: number;
  /** Level of the drift monitor's alarm. */
  driftDelta: number;
}

export const DEFAULT_LEARNER: LearnerSettings = {
  budget: { maxErrorRate: 0.02, delta: 0.05 },
  sampleRate: 0.05,
  burnIn: 400,
  driftDelta: 0.05,
};

/** The outcome, with where the reviews went: before a version released anything, random samples, held back. */
export interface CountersignOutcome extends PolicyOutcome {
  driftAlarms: number;
  reviewsBeforeRelease: number;
  samples: number;
}

/**
 * Countersign learning from nothing, as the platform would run it, in process: it sees a decision's answer only if it
 * sent the decision to a human (held back by the rule, or a random sample of the released ones), knows the propensity
 * of each, and keeps a separate {@link RiskRuleLearner} per model version — the learner the feedback service runs. A
 * new version is reviewed in full until its own evidence certifies a cut; a drift alarm throws that version's evidence
 * away and starts it over.
 */
export function runCountersign(
  stream: readonly LabDecision[],
  scenario: LabScenario,
  seed: string,
  settings: LearnerSettings = DEFAULT_LEARNER,
): CountersignOutcome {
  const random = new SeededRandom(`lab/countersign/${seed}`);
  const learners = new Map<number, RiskRuleLearner>();
  const outcome: CountersignOutcome = {
    decisions: stream.length,
    reviews: 0,
    released: 0,
    releasedWrong: 0,
    releasedErrorCost: 0,
    driftAlarms: 0,
    reviewsBeforeRelease: 0,
    samples: 0,
  };
  for (const d of stream) {
    let learner = learners.get(d.version);
    if (!learner) {
      learner = new RiskRuleLearner({
        budget: settings.budget,
        mode: scenario.mode,
        reviewCost: scenario.reviewCost,
        burnIn: settings.burnIn,
        driftDelta: settings.driftDelta,
      });
      learners.set(d.version, learner);
    }
    const safety = safetyOf(scenario.mode, d.confidence, d.amount);
    if (learner.inBurnIn) {
      outcome.reviews++;
      outcome.reviewsBeforeRelease++;
      learner.observe({ safety, propensity: 1, judged: true, wrong: d.wrong }, 1, Number.POSITIVE_INFINITY);
      continue;
    }
    const cut = learner.releaseCut();
    const floor = Number.isFinite(cut) ? settings.sampleRate : 1;
    const propensity = safety >= cut ? settings.sampleRate : 1;
    const judged = propensity === 1 || random.next() < propensity;
    if (judged) {
      outcome.reviews++;
      if (!Number.isFinite(cut)) outcome.reviewsBeforeRelease++;
      else if (propensity < 1) outcome.samples++;
    } else {
      outcome.released++;
      if (d.wrong) {
        outcome.releasedWrong++;
        outcome.releasedErrorCost += d.amount;
      }
    }
    if (learner.observe({ safety, propensity, judged, wrong: d.wrong }, floor, cut, d.amount)) outcome.driftAlarms++;
  }
  return outcome;
}
