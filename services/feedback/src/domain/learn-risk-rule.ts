import { JsonObject, TrustLevel } from '@countersign/contracts';
import { inversePropensityRate, RiskRuleLearner, RiskRuleSettings } from '@countersign/statistics';
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
}

/**
 * Replays one workflow × model version's governed decisions, in routing order, through the {@link RiskRuleLearner}
 * the policy lab measures (Learn-then-Test with betting evidence, ADR 0007). Stateless: the same stored evidence gives
 * the same rule, on any replica, after any restart.
 *
 * The replay stops at the first decision still waiting for its verdict: the tests read the stream as a prefix in a
 * fixed order, and skipping an unjudged review would let the order of verdicts (quick approvals, slow corrections)
 * bias the evidence. A review closed without a verdict counts as an error.
 */
export function learnRiskRule(observations: readonly RiskObservation[], settings: RiskRuleSettings): RiskLearning {
  const learner = new RiskRuleLearner(settings);
  let replayed = 0;
  let judged = 0;
  let tested: RiskObservation[] = [];
  for (const observation of observations) {
    if (observation.toReview && !observation.judged && !observation.closedUnjudged) break;
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
    if (alarmed) tested = [];
    else if (testing) tested.push(observation);
  }
  const cut = learner.releaseCut();
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
  if (!Number.isFinite(cut)) return { trustLevel: 1, driftAlarms: learner.driftAlarms, evidence: base };
  const released = tested.filter((observation) => observation.safety >= cut);
  const releasedShare = tested.length === 0 ? 0 : released.length / tested.length;
  const error = inversePropensityRate(
    released.map((observation) => ({
      propensity: observation.propensity,
      judged: observation.toReview,
      value: observation.toReview && (observation.judged ? observation.wrong : observation.closedUnjudged) ? 1 : 0,
    })),
  );
  const certifying = learner.riskControl?.report().find((evidence) => evidence.cut === cut);
  return {
    cut,
    trustLevel: trustLevelOfReleasedShare(releasedShare),
    driftAlarms: learner.driftAlarms,
    evidence: {
      ...base,
      releasedShare: round(releasedShare),
      releasedErrorEstimate: round(error.estimate),
      releasedErrorUpper95: round(error.upper),
      certifyingPValue: round(certifying?.pValue ?? 0),
      certifyingObservations: certifying?.observations ?? 0,
    },
  };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
