import { RiskRuleSettings, SeededRandom } from '@countersign/statistics';
import { RiskObservation } from '../domain/risk-observation';

/** A 2% budget at 95% in confidence mode, with a burn-in of 200 decisions. */
export const RISK_SETTINGS: RiskRuleSettings = {
  budget: { maxErrorRate: 0.02, delta: 0.05 },
  mode: 'confidence',
  reviewCost: 0,
  burnIn: 200,
  driftDelta: 0.05,
};

/**
 * Governed decisions routed while nothing was certified: every one reviewed (propensity 1) and judged. Confidence is
 * 1 − 0.5·v³ and the answer is wrong with probability min(1, overConfidence × (1 − confidence)): 1 is calibrated.
 */
export function reviewedInFull(n: number, seed: string, overConfidence = 1): RiskObservation[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: n }, () => {
    const confidence = 1 - 0.5 * random.next() ** 3;
    const wrong = random.next() < Math.min(1, overConfidence * (1 - confidence));
    return {
      safety: confidence,
      errorCost: 0,
      cutInForce: Number.POSITIVE_INFINITY,
      sampleRate: 0.05,
      propensity: 1,
      toReview: true,
      judged: true,
      wrong,
      closedUnjudged: false,
    };
  });
}
