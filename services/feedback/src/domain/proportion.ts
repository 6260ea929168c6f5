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
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // Exact at the edges: rounding would otherwise leave 1e-18 where the interval must touch 0 or 1.
  return {
    successes,
    trials,
    estimate: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: successes === trials ? 1 : Math.min(1, centre + halfWidth),
  };
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
