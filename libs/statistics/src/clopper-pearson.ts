import { regularizedIncompleteBeta } from './incomplete-beta';
import { assertCounts, Proportion } from './proportion';

/**
 * The Clopper–Pearson "exact" interval (Clopper & Pearson 1934): the p at which seeing at most (or at least) the
 * observed successes has probability α/2. Conservative (coverage is at least 1 − α for every p), so it is the bound
 * to quote where a regulator asks for a guarantee rather than an average. Each bound is a beta quantile
 * (lower = B⁻¹(α/2; k, n − k + 1), upper = B⁻¹(1 − α/2; k + 1, n − k)), found by bisection on the regularized
 * incomplete beta function, which is monotone in p, to well below the precision anyone reads.
 */
export function clopperPearsonInterval(successes: number, trials: number, alpha = 0.05): Proportion {
  assertCounts(successes, trials);
  if (trials === 0) return { successes, trials, estimate: null, lower: 0, upper: 1 };
  const tail = alpha / 2;
  const lower = successes === 0 ? 0 : binomialLowerBound(successes, trials, tail);
  const upper = successes === trials ? 1 : binomialUpperBound(successes, trials, tail);
  return { successes, trials, estimate: successes / trials, lower, upper };
}

/**
 * The one-sided exact upper confidence bound at level 1 − δ: the largest p under which seeing at most `successes`
 * still has probability ≥ δ. For error counts this is the bound risk control tests against (P(p > bound) ≤ δ).
 */
export function binomialUpperBound(successes: number, trials: number, delta: number): number {
  assertCounts(successes, trials);
  assertLevel(delta);
  if (successes === trials) return 1;
  return bisect((p) => delta - binomialCdf(successes, trials, p));
}

/** The one-sided exact lower bound at level 1 − δ: the smallest p under which seeing at least `successes` has ≥ δ. */
export function binomialLowerBound(successes: number, trials: number, delta: number): number {
  assertCounts(successes, trials);
  assertLevel(delta);
  if (successes === 0) return 0;
  return bisect((p) => 1 - binomialCdf(successes - 1, trials, p) - delta);
}

/**
 * The exact p-value of "the rate is above `rate`" after seeing `successes` in `trials`: P(X ≤ successes) under
 * Binomial(trials, rate). Small values are evidence that the rate is at most `rate`.
 */
export function binomialPValueBelow(successes: number, trials: number, rate: number): number {
  return binomialCdf(successes, trials, rate);
}

/** P(X ≤ k) for X ~ Binomial(n, p), as I_{1−p}(n − k, k + 1) (DLMF 8.17.5). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return regularizedIncompleteBeta(1 - p, n - k, k + 1);
}

function assertLevel(delta: number): void {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`confidence level δ must be in (0, 1), got ${delta}`);
}

/** The root of an increasing function on (0, 1). */
function bisect(increasing: (p: number) => number): number {
  let low = 0;
  let high = 1;
  for (let i = 0; i < 60; i++) {
    const middle = (low + high) / 2;
    if (increasing(middle) < 0) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
