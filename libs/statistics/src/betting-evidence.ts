/**
 * Evidence, by betting, that the mean of a bounded sequence is below zero — an e-process in the sense of
 * Waudby-Smith & Ramdas, "Estimating means of bounded random variables by betting" (JRSS-B 85, 2023), and
 * Shafer & Vovk's testing by betting.
 *
 * Null hypothesis: every observation x_i has E[x_i | past] ≥ 0. A bettor who wagers a fraction f of its wealth that
 * x_i is negative, at a stake λ_i = f / b_i where b_i ≥ x_i is a bound known *before* x_i is seen, multiplies its
 * wealth by 1 − λ_i·x_i ≥ 1 − f > 0. Under the null the wealth is a non-negative supermartingale starting at 1, so by
 * Ville's inequality P(wealth ever reaches 1/δ) ≤ δ: the test may be read after every observation, forever, and
 * stopped whenever one likes (anytime-valid). Several fractions are played at once and their wealths averaged — an
 * average of test supermartingales is one too — so no single bet size has to be tuned in advance.
 *
 * What it needs: the bound b_i must hold surely and be fixed before x_i (here: from the propensities of the routing
 * policy in force), and the conditional means must all be ≥ 0 under the null (true for i.i.d. or exchangeable
 * decisions from one model version; not under drift).
 */
export class BettingEvidence {
  // Wealth in plain numbers, not logs: each round is one multiply per fraction (the lab plays millions of rounds).
  // A wealth that falls below 1e-250 could never climb back to 1/δ in any run we make, so it may underflow.
  private readonly wealth: Float64Array;
  private best = 1;
  private observations = 0;

  constructor(readonly fractions: readonly number[] = DEFAULT_FRACTIONS) {
    if (fractions.length === 0 || fractions.some((f) => !(f > 0 && f < 1))) {
      throw new RangeError('betting fractions must be in (0, 1)');
    }
    this.wealth = new Float64Array(fractions.length).fill(1);
  }

  /** Play one round: `x` is the observation, `bound` a number known beforehand with x ≤ bound (bound > 0). */
  observe(x: number, bound: number): void {
    if (!(bound > 0) || x > bound * (1 + 1e-12)) throw new RangeError(`observation ${x} exceeds its bound ${bound}`);
    const stake = x / bound;
    let sum = 0;
    for (let j = 0; j < this.wealth.length; j++) {
      this.wealth[j] *= 1 - this.fractions[j] * stake;
      sum += this.wealth[j];
    }
    this.observations++;
    const now = sum / this.wealth.length;
    if (now > this.best) this.best = now;
  }

  /** The averaged wealth now (1 at the start; large is evidence against the null). */
  mixtureWealth(): number {
    let sum = 0;
    for (const value of this.wealth) sum += value;
    return sum / this.wealth.length;
  }

  /** The anytime-valid p-value: 1 / the largest wealth reached so far (capped at 1). */
  pValue(): number {
    return Math.min(1, 1 / this.best);
  }

  /** Whether the null has been rejected at level δ at some point (and so, by Ville, may be rejected now). */
  rejects(delta: number): boolean {
    return this.best >= 1 / delta;
  }

  get count(): number {
    return this.observations;
  }
}

/** From timid to bold: the timid ones win when the signal is weak and long, the bold ones when it is strong. */
export const DEFAULT_FRACTIONS: readonly number[] = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7];
