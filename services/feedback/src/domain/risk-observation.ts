import { RiskRuleScope } from '@countersign/contracts';

/** One governed routed decision as risk control replays it: how it was routed, and what a human said of it. */
export interface RiskObservation {
  /** Confidence, or minus the expected cost of an error (expected-loss mode). */
  readonly safety: number;
  /** What its error would cost (expected-loss mode; 0 otherwise). */
  readonly errorCost: number;
  /** The cut in force when it was routed: +∞ while none was certified (everything reviewed). */
  readonly cutInForce: number;
  /** The budget's random sample rate of released decisions when it was routed. */
  readonly sampleRate: number;
  /** The probability, fixed before routing, that it went to review. */
  readonly propensity: number;
  readonly toReview: boolean;
  /** A verdict is stored for it. */
  readonly judged: boolean;
  /** Some judgment did not approve the AI's answer. */
  readonly wrong: boolean;
  /** Its review ended without a verdict (expired, withdrawn): counted as an error, the conservative reading. */
  readonly closedUnjudged: boolean;
}

/** One model version's (× segment's) governed decisions, in routing order: what one rule is learned from. */
export interface RiskEvidence extends RiskRuleScope {
  readonly observations: RiskObservation[];
}
