import { assertCounts, Proportion } from './proportion';

/**
 * The Clopper–Pearson "exact" interval: the p at which seeing at most (or at least) the observed successes has
 * probability 2.5%. Conservative (coverage is at least 95% for every p), so it is the bound to quote where a
 * regulator asks for a guarantee rather than an average. Found by bisection on the binomial tail, which is monotone
 * in p, to well below the precision anyone reads.
 */
export function clopperPearsonInterval(successes: number, trials: number, alpha = 0.05): Proportion {
  assertCounts(successes, trials);
  if (trials === 0) return { successes, trials, estimate: null, lower: 0, upper: 1 };
  const tail = alpha / 2;
  // Lower: the p where P(X >= k) = tail; upper: the p where P(X <= k) = tail.
  const lower = successes === 0 ? 0 : bisect((p) => 1 - binomialCdf(successes - 1, trials, p) - tail);
  const upper = successes === trials ? 1 : bisect((p) => tail - binomialCdf(successes, trials, p));
  return { successes, trials, estimate: successes / trials, lower, upper };
}

/** P(X <= k) for X ~ Binomial(n, p), summed in log space so that n in the hundred thousands does not underflow. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logTerm = n * logQ; // P(X = 0)
  let max = logTerm;
  const logs = [logTerm];
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i) + logP - logQ;
    logs.push(logTerm);
    if (logTerm > max) max = logTerm;
  }
  const sum = logs.reduce((total, value) => total + Math.exp(value - max), 0);
  return Math.min(1, Math.exp(max + Math.log(sum)));
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
