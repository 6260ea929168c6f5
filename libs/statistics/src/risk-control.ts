import { BettingEvidence } from './betting-evidence';

/** The most a workflow accepts: released decisions wrong at most `maxErrorRate`, claimed with confidence 1 − δ. */
export interface RiskBudget {
  maxErrorRate: number;
  /** The chance the guarantee may fail: 0.05 for "95% confidence". */
  delta: number;
}

/**
 * One decision as risk control sees it, after the fact. `safety` orders decisions by how safe releasing them is
 * (the model's confidence; or minus the expected cost of an error, (1 − confidence) · amount); a rule releases a
 * decision when `safety ≥ cut`. `propensity` is the probability, fixed before the decision was routed, that it would
 * be judged by a human; `wrong` matters only when `judged`.
 */
export interface RoutedOutcome {
  safety: number;
  propensity: number;
  judged: boolean;
  wrong: boolean;
}

/** How far each hypothesis has got: cut, whether certified, and the anytime p-value. */
export interface CutEvidence {
  cut: number;
  certified: boolean;
  pValue: number;
  observations: number;
}

/**
 * Learn-then-Test risk control (Angelopoulos, Bates, Candès, Jordan & Lei, "Learn then Test: calibrating predictive
 * algorithms to achieve risk control", 2021) with anytime-valid e-processes as the p-values (Waudby-Smith & Ramdas
 * 2023), for one workflow × model version.
 *
 * Hypotheses, one per cut, ordered from the most conservative (releases least) to the least: H_j: the error rate of
 * decisions with safety ≥ cut_j exceeds the budget α. Writing S = 1{safety ≥ cut_j},
 *   r(cut_j) ≤ α  ⇔  E[S · (wrong − α)] ≤ 0  ⇔  E[S · (judged · wrong / propensity − α)] ≤ 0,
 * the last by inverse-propensity weighting, which uses every judged decision (reviews and random samples alike) without
 * bias. So each H_j is "the mean of x_i = S · (judged · wrong / propensity − α) is ≥ 0", which a {@link BettingEvidence}
 * tests with the predictable bound x_i ≤ 1/floor − α, floor being the least propensity the policy in force gives
 * any decision (1 while it reviews everything).
 *
 * Fixed-sequence testing: cut_j is certified once it and every more conservative cut have been rejected at level δ,
 * at any time so far. Because each e-process is anytime-valid and the order is fixed in advance, the chance that any
 * cut with error rate above α is ever certified, at any point of the stream, is at most δ (the first such cut in the
 * order must itself be falsely rejected, which Ville's inequality bounds by δ). The rule then releases at the least
 * conservative certified cut — or at any certified cut the caller prefers (the expected-loss mode picks the cheapest).
 *
 * Assumptions, stated in docs/decisions/0007-risk-control.md: decisions of one model version are i.i.d. (or
 * exchangeable in the order they arrive) and the future ones come from the same distribution; the propensities are the
 * true probabilities and never 0. Drift breaks the first; {@link RiskControl.monitor} watches for it.
 */
export class RiskControl {
  private readonly evidence: BettingEvidence[];
  private frontier = 0;

  /**
   * @param cuts safety cut-offs, most conservative first (strictly decreasing).
   * @param lookahead how many not-yet-certified cuts gather evidence at once; skipping an observation is a zero bet,
   *   so this only trades power far from the frontier for speed.
   */
  constructor(
    readonly cuts: readonly number[],
    readonly budget: RiskBudget,
    readonly lookahead = 12,
  ) {
    if (cuts.length === 0 || cuts.some((cut, i) => i > 0 && !(cut < cuts[i - 1]))) {
      throw new RangeError('cuts must be strictly decreasing, most conservative first');
    }
    if (!(budget.maxErrorRate > 0 && budget.maxErrorRate < 1) || !(budget.delta > 0 && budget.delta < 1)) {
      throw new RangeError('the budget needs 0 < maxErrorRate < 1 and 0 < delta < 1');
    }
    this.evidence = cuts.map(() => new BettingEvidence());
  }

  /**
   * Add one routed decision's outcome. `floor` must be fixed before the decision was routed: the least propensity the
   * policy then in force could give a decision (1 when it reviews everything, else the random sample rate).
   */
  observe(outcome: RoutedOutcome, floor: number): void {
    if (!(outcome.propensity > 0 && outcome.propensity <= 1) || outcome.propensity < floor - 1e-12) {
      throw new RangeError(`propensity ${outcome.propensity} is outside [floor ${floor}, 1]`);
    }
    const alpha = this.budget.maxErrorRate;
    const x = (outcome.judged && outcome.wrong ? 1 / outcome.propensity : 0) - alpha;
    const bound = 1 / floor - alpha;
    const last = Math.min(this.cuts.length, this.frontier + this.lookahead);
    for (let j = this.frontier; j < last; j++) {
      if (outcome.safety < this.cuts[j]) continue; // not released by this cut: a zero bet
      this.evidence[j].observe(x, bound);
    }
    while (this.frontier < this.cuts.length && this.evidence[this.frontier].rejects(this.budget.delta)) this.frontier++;
  }

  /** How many cuts, from the most conservative, are certified. */
  get certifiedCount(): number {
    return this.frontier;
  }

  /** The least conservative certified cut, or +∞ (release nothing) while none is certified. */
  releaseCut(): number {
    return this.frontier === 0 ? Number.POSITIVE_INFINITY : this.cuts[this.frontier - 1];
  }

  /** Every cut's evidence so far, for the audit trail and the dashboard. */
  report(): CutEvidence[] {
    return this.cuts.map((cut, j) => ({
      cut,
      certified: j < this.frontier,
      pValue: this.evidence[j].pValue(),
      observations: this.evidence[j].count,
    }));
  }
}
