import { BettingEvidence } from './betting-evidence';
import { RoutedOutcome } from './risk-control';

/**
 * Sequential monitoring of the rule in force: evidence, by betting, that the error rate of the decisions it releases
 * has risen above the budget. Null: E[S · (judged · wrong / propensity − α)] ≤ 0 for S = 1{safety ≥ cut}; the bettor
 * stakes on the observations being positive, with bound α (x ≥ −α always), so under the null the wealth is a test
 * supermartingale and P(false alarm ever) ≤ δ (Ville). The cut may change from one observation to the next (the rule
 * in force moves as evidence grows): each is fixed before its decision, and while every cut used is within budget —
 * which risk control promises with probability 1 − δ' — the null holds throughout, so one monitor serves a version. An alarm means "stop trusting the evidence gathered so far":
 * the caller goes back to more oversight. It sees released decisions only through their random samples, so it is slow
 * at low sample rates — the price of measuring released decisions only by sampling them, stated in the ADR.
 */
export class DriftMonitor {
  private readonly evidence = new BettingEvidence();

  constructor(
    readonly maxErrorRate: number,
    readonly delta: number,
  ) {}

  /** `cut` is the rule in force when the decision was routed. */
  observe(outcome: RoutedOutcome, cut: number): void {
    if (outcome.safety < cut) return;
    const x = (outcome.judged && outcome.wrong ? 1 / outcome.propensity : 0) - this.maxErrorRate;
    this.evidence.observe(-x, this.maxErrorRate);
  }

  get alarmed(): boolean {
    return this.evidence.rejects(this.delta);
  }
}
