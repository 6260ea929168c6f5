/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal. */
export const Z_95 = 1.959963984540054;

/** A share estimated from counts, with its two-sided 95% confidence interval. */
export interface Proportion {
  successes: number;
  trials: number;
  /** successes / trials; null when there were no trials (nothing is known). */
  estimate: number | null;
  lower: number;
  upper: number;
}

/**
 * The Wilson score interval (Wilson 1927; Newcombe 1998, method 3). Chosen over the textbook Wald interval because it
 * stays inside [0, 1] and keeps close to its nominal coverage at 0 or n successes and small n — exactly where error
 * rates of a good model live (0 errors in 300 samples still gives an upper bound, 1.26%, not 0%).
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): Proportion {
  assertCounts(successes, trials);
  if (trials === 0) return { successes, trials, estimate: null, lower: 0, upper: 1 };
  const { lower, upper } = wilsonScore(successes, trials, z);
  // Exact at the edges: rounding would otherwise leave 1e-18 where the interval must touch 0 or 1.
  return {
    successes,
    trials,
    estimate: successes / trials,
    lower: successes === 0 ? 0 : lower,
    upper: successes === trials ? 1 : upper,
  };
}

/** A rate with its interval, where the counts behind it may be fractional (an effective sample size). */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * The same Wilson score interval for a fractional `n`: an effective sample size from a weighted or stratified design
 * (Kish 1965; Korn & Graubard 1998 use it this way for complex samples). Approximate, like every Wilson interval; the
 * estimate is 0 when there is nothing to estimate from, and the interval then says so ([0, 1]).
 */
export function wilsonScore(successes: number, n: number, z: number = Z_95): Interval {
  if (!(n > 0)) return { estimate: 0, lower: 0, upper: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt(Math.max(0, p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { estimate: p, lower: Math.max(0, centre - halfWidth), upper: Math.min(1, centre + halfWidth) };
}

/** The same share seen from the other side (errors instead of correct answers): the interval flips with it. */
export function complement(proportion: Proportion): Proportion {
  const { successes, trials, estimate, lower, upper } = proportion;
  return {
    successes: trials - successes,
    trials,
    estimate: estimate === null ? null : 1 - estimate,
    lower: 1 - upper,
    upper: 1 - lower,
  };
}

export function assertCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`expected integer counts 0 <= successes <= trials, got ${successes}/${trials}`);
  }
}
