import { JsonObject, TrustLevel } from '@countersign/contracts';
import { DriftMonitor, inversePropensityRate, RiskRuleLearner, RiskRuleSettings } from '@countersign/statistics';
import { RiskObservation } from './risk-observation';
import { trustLevelOfReleasedShare } from './trust-level-of-released-share';

/** What one model version's evidence certifies: a cut (or none yet), and the evidence behind it. */
export interface RiskLearning {
  /** The certified cut to release at; undefined while none is (the version is reviewed in full). */
  readonly cut?: number;
  readonly trustLevel: TrustLevel;
  /** Drift alarms in the replay; the last one restarted the version's evidence. */
  readonly driftAlarms: number;
  readonly evidence: JsonObject;
  /** The predecessor version the cut is inherited from, while a warm start's cut is the one in force. */
  readonly inheritedFrom?: string;
  /** What a successor may inherit from this version's own evidence (`inheritSteps` back); +∞ for nothing. */
  readonly inheritableCut: number;
}

/** The opt-in warm start (ADR 0007): the predecessor's name and the cut it passes on, and how far back to pass on. */
export interface WarmStartOptions {
  readonly warmStart?: { readonly from: string; readonly cut: number };
  /** The budget's `warmStartSteps`: asked for, this version's `inheritableCut` is computed for its successor. */
  readonly inheritSteps?: number;
}

/**
 * Replays one workflow × model version's governed decisions, in routing order, through the {@link RiskRuleLearner}
 * the policy lab measures (Learn-then-Test with betting evidence, ADR 0007). Stateless: the same stored evidence gives
 * the same rule, on any replica, after any restart.
 *
 * The replay stops at the first decision still waiting for its verdict: the tests read the stream as a prefix in a
 * fixed order, and skipping an unjudged review would let the order of verdicts (quick approvals, slow corrections)
 * bias the evidence. A review closed without a verdict counts as an error.
 *
 * Certification may wait for the prefix; the drift alarm may not: one review open for days, or a verdict that never
 * comes, would hide every later released decision from it while the rule stays in force. So a second pass watches
 * the whole stream for the alarm only, and an alarm there withdraws the rule (full review until the prefix catches up
 * and the learner restarts on the same evidence, or the open review closes and counts).
 */
export function learnRiskRule(
  observations: readonly RiskObservation[],
  settings: RiskRuleSettings,
  options: WarmStartOptions = {},
): RiskLearning {
  const learner = new RiskRuleLearner(settings, options.warmStart && { cut: options.warmStart.cut });
  let replayed = 0;
  let judged = 0;
  let tested: RiskObservation[] = [];
  /** Every replayed decision since the last alarm, burn-in included: an inherited cut releases from the first. */
  let epoch: RiskObservation[] = [];
  /** Where the learner's current evidence starts: after its last drift alarm. */
  let epochStart = 0;
  for (const observation of observations) {
    if (pending(observation)) break;
    const floor = Number.isFinite(observation.cutInForce) ? observation.sampleRate : 1;
    const testing = !learner.inBurnIn;
    const outcome = {
      safety: observation.safety,
      propensity: observation.propensity,
      judged: observation.toReview,
      wrong: observation.judged ? observation.wrong : observation.closedUnjudged,
    };
    const alarmed = learner.observe(outcome, floor, observation.cutInForce, observation.errorCost);
    replayed++;
    if (observation.toReview) judged++;
    if (alarmed) {
      epochStart = replayed;
      tested = [];
      epoch = [];
    } else {
      if (testing) tested.push(observation);
      epoch.push(observation);
    }
  }
  const cut = learner.releaseCut();
  const inheritableCut =
    options.inheritSteps === undefined ? Number.POSITIVE_INFINITY : learner.inheritableCut(options.inheritSteps);
  const inherited = learner.inheritedInForce && options.warmStart ? options.warmStart.from : undefined;
  const base = {
    maxErrorRate: settings.budget.maxErrorRate,
    confidence: 1 - settings.budget.delta,
    decisions: observations.length,
    replayed,
    judged,
    tested: tested.length,
    burnInRemaining: learner.burnInRemaining,
    driftAlarms: learner.driftAlarms,
  };
  if (!Number.isFinite(cut)) return { trustLevel: 1, driftAlarms: learner.driftAlarms, evidence: base, inheritableCut };
  if (replayed < observations.length && driftBeyondPending(observations.slice(epochStart), settings)) {
    const driftAlarms = learner.driftAlarms + 1;
    return {
      trustLevel: 1,
      driftAlarms,
      evidence: { ...base, driftAlarms, driftAlarmPastPendingReview: true },
      inheritableCut: Number.POSITIVE_INFINITY,
    };
  }
  // An inherited cut's certifying test is the predecessor's; this version's own decisions only describe it.
  const described = inherited === undefined ? tested : epoch;
  const released = described.filter((observation) => observation.safety >= cut);
  const releasedShare = described.length === 0 ? 0 : released.length / described.length;
  const error = inversePropensityRate(
    released.map((observation) => ({
      propensity: observation.propensity,
      judged: observation.toReview,
      value: observation.toReview && (observation.judged ? observation.wrong : observation.closedUnjudged) ? 1 : 0,
    })),
  );
  const certifying = learner.riskControl?.report().find((evidence) => evidence.cut === cut);
  const summary = {
    ...base,
    releasedShare: round(releasedShare),
    releasedErrorEstimate: round(error.estimate),
    releasedErrorUpper95: round(error.upper),
  };
  return {
    cut,
    trustLevel: trustLevelOfReleasedShare(releasedShare),
    driftAlarms: learner.driftAlarms,
    inheritableCut,
    ...(inherited === undefined
      ? {
          evidence: {
            ...summary,
            certifyingPValue: round(certifying?.pValue ?? 0),
            certifyingObservations: certifying?.observations ?? 0,
          },
        }
      : {
          inheritedFrom: inherited,
          evidence: {
            ...summary,
            inheritedFrom: inherited,
            assumption: `no worse than ${inherited} at this cut (warm start; watched by the drift monitor)`,
          },
        }),
  };
}

/** Sent to review, and neither judged nor closed yet: its outcome is unknown. */
function pending(observation: RiskObservation): boolean {
  return observation.toReview && !observation.judged && !observation.closedUnjudged;
}

/**
 * The learner's drift monitor over the current evidence, every observation with the cut and propensity in force when
 * it was routed — pending reviews included, read as right until a verdict says otherwise. That reading is never more
 * wrong than the truth, so under the null each term's mean stays at most zero and the alarm keeps its level δ (the
 * martingale argument of {@link DriftMonitor}); dropping pending reviews instead would select by verdict speed, and
 * corrections are the slow verdicts. A review closed without a verdict counts wrong, as in the replay.
 */
function driftBeyondPending(observations: readonly RiskObservation[], settings: RiskRuleSettings): boolean {
  const monitor = new DriftMonitor(settings.budget.maxErrorRate, settings.driftDelta);
  for (const observation of observations) {
    if (!Number.isFinite(observation.cutInForce)) continue;
    const wrong = observation.judged ? observation.wrong : observation.closedUnjudged;
    monitor.observe({ ...observation, judged: observation.toReview, wrong }, observation.cutInForce);
    if (monitor.alarmed) return true;
  }
  return false;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
