import { RiskBudget, safetyOf, SeededRandom, SegmentedRiskRules } from '@countersign/statistics';
import { LabDecision, LabScenario } from './lab-scenarios';
import { countReleased, PolicyOutcome } from './policy-outcome';

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
  /** Decisions routed while a warm start's inherited cut was the one in force. */
  routedByInheritedCut: number;
}

/** Opt-in variants of the learner; both off by default, as in the platform. */
export interface LearnerVariant {
  /** Learn one rule per model version × segment (the decision's `segment`) instead of per version. */
  segments?: boolean;
  /**
   * Warm-start a new version at its predecessor's cut moved this many cuts more conservative (undefined: no warm
   * start). The lab's countersign-warm uses 2, fixed before any run.
   */
  warmStartSteps?: number;
}

/**
 * Countersign learning from nothing, as the platform would run it, in process: it sees a decision's answer only if it
 * sent the decision to a human (held back by the rule, or a random sample of the released ones), knows the propensity
 * of each, and keeps a separate {@link RiskRuleLearner} per model version (per version × segment with `segments`) —
 * the learner the feedback service runs. A new version is reviewed in full until its own evidence certifies a cut
 * (unless warm-started); a drift alarm throws that version's (segment's) evidence away and starts it over.
 */
export function runCountersign(
  stream: readonly LabDecision[],
  scenario: LabScenario,
  seed: string,
  variant: LearnerVariant = {},
  settings: LearnerSettings = DEFAULT_LEARNER,
): CountersignOutcome {
  const random = new SeededRandom(`lab/countersign/${seed}`);
  const versions = new Map<number, SegmentedRiskRules>();
  let latest: SegmentedRiskRules | undefined;
  const outcome: CountersignOutcome = {
    decisions: stream.length,
    reviews: 0,
    released: 0,
    releasedWrong: 0,
    releasedErrorCost: 0,
    driftAlarms: 0,
    reviewsBeforeRelease: 0,
    samples: 0,
    routedByInheritedCut: 0,
  };
  for (const d of stream) {
    let rules = versions.get(d.version);
    if (!rules) {
      const predecessor = latest;
      const steps = variant.warmStartSteps;
      rules = new SegmentedRiskRules(
        {
          budget: settings.budget,
          mode: scenario.mode,
          reviewCost: scenario.reviewCost,
          burnIn: settings.burnIn,
          driftDelta: settings.driftDelta,
        },
        {
          warmStart:
            predecessor && steps !== undefined
              ? (segment) => ({ cut: predecessor.inheritableCut(segment, steps) })
              : undefined,
        },
      );
      versions.set(d.version, rules);
      latest = rules;
    }
    const segment = variant.segments ? d.segment : WHOLE_VERSION;
    const safety = safetyOf(scenario.mode, d.confidence, d.amount);
    const cut = rules.releaseCut(segment);
    if (rules.learnerFor(segment)?.inheritedInForce) outcome.routedByInheritedCut++;
    const floor = Number.isFinite(cut) ? settings.sampleRate : 1;
    const propensity = safety >= cut ? settings.sampleRate : 1;
    const judged = propensity === 1 || random.next() < propensity;
    if (judged) {
      outcome.reviews++;
      if (!Number.isFinite(cut)) outcome.reviewsBeforeRelease++;
      else if (propensity < 1) outcome.samples++;
    } else countReleased(outcome, d.wrong, d.amount, d.segment);
    if (rules.observe(segment, { safety, propensity, judged, wrong: d.wrong }, floor, cut, d.amount)) {
      outcome.driftAlarms++;
    }
  }
  return outcome;
}

/** The one segment of a learner that does not split by segment. */
const WHOLE_VERSION = '';
