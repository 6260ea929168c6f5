import { DriftMonitor, releaseCuts, RiskBudget, RiskControl, SeededRandom } from '@countersign/statistics';
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

/** What one model version has learned so far. */
interface VersionState {
  burnIn: number[];
  control?: RiskControl;
  monitor?: DriftMonitor;
  /** Inverse-propensity estimates, per cut, of the released errors' cost and of the reviews (expected-loss mode). */
  errorCost?: Float64Array;
  reviews?: Float64Array;
  /** Decisions tallied since the cuts were placed. */
  seen: number;
}

/**
 * Countersign learning from nothing, as the platform would run it, in process: it sees a decision's answer only if it
 * sent the decision to a human (held back by the rule, or a random sample of the released ones), knows the propensity
 * of each, and keeps a separate {@link RiskControl} per model version. A new version is reviewed in full until its
 * own evidence certifies a cut; a drift alarm throws that version's evidence away and starts it over.
 */
export function runCountersign(
  stream: readonly LabDecision[],
  scenario: LabScenario,
  seed: string,
  settings: LearnerSettings = DEFAULT_LEARNER,
): CountersignOutcome {
  const random = new SeededRandom(`lab/countersign/${seed}`);
  const states = new Map<number, VersionState>();
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
  const safetyOf = (d: LabDecision) => (scenario.mode === 'confidence' ? d.confidence : -(1 - d.confidence) * d.amount);
  for (const d of stream) {
    let state = states.get(d.version);
    if (!state) states.set(d.version, (state = { burnIn: [], seen: 0 }));
    const safety = safetyOf(d);
    if (!state.control) {
      outcome.reviews++;
      outcome.reviewsBeforeRelease++;
      state.burnIn.push(safety);
      if (state.burnIn.length >= settings.burnIn) start(state, settings);
      continue;
    }
    const control = state.control;
    const cut = chooseCut(state, scenario);
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
    const routed = { safety, propensity, judged, wrong: d.wrong };
    if (scenario.mode === 'expected-loss') tallyCosts(state, routed, d.amount);
    control.observe(routed, floor);
    if (Number.isFinite(cut)) {
      state.monitor ??= new DriftMonitor(settings.budget.maxErrorRate, settings.driftDelta);
      state.monitor.observe(routed, cut);
      if (state.monitor.alarmed) {
        outcome.driftAlarms++;
        states.set(d.version, { burnIn: [], seen: 0 }); // back to reviewing everything, on fresh evidence
      }
    }
  }
  return outcome;
}

function start(state: VersionState, settings: LearnerSettings): void {
  const cuts = releaseCuts(state.burnIn);
  state.control = new RiskControl(cuts, settings.budget);
  state.errorCost = new Float64Array(cuts.length);
  state.reviews = new Float64Array(cuts.length);
}

/**
 * Confidence mode releases at the least conservative certified cut. Expected-loss mode may pick any certified cut
 * (the guarantee covers all of them at once), so it picks the one with the least estimated cost — or none, when
 * reviewing everything is estimated cheaper.
 */
function chooseCut(state: VersionState, scenario: LabScenario): number {
  const control = state.control as RiskControl;
  if (scenario.mode === 'confidence') return control.releaseCut();
  let best = Number.POSITIVE_INFINITY;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let j = 0; j < control.certifiedCount; j++) {
    const cost = (state.errorCost as Float64Array)[j] + (state.reviews as Float64Array)[j] * scenario.reviewCost;
    if (cost < bestCost) {
      bestCost = cost;
      best = control.cuts[j];
    }
  }
  // Reviewing everything costs reviewCost per decision; release only where that is beaten.
  return bestCost < state.seen * scenario.reviewCost ? best : Number.POSITIVE_INFINITY;
}

function tallyCosts(
  state: VersionState,
  routed: { safety: number; propensity: number; judged: boolean; wrong: boolean },
  amount: number,
): void {
  state.seen++;
  const control = state.control as RiskControl;
  const errorCost = state.errorCost as Float64Array;
  const reviews = state.reviews as Float64Array;
  for (let j = 0; j < control.cuts.length; j++) {
    if (routed.safety >= control.cuts[j]) {
      if (routed.judged && routed.wrong) errorCost[j] += amount / routed.propensity;
    } else reviews[j]++;
  }
}
