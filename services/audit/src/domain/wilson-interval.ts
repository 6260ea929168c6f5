/** A proportion with its 95% interval. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for `successes` out of `n` (n may be fractional: an effective sample size). Unlike the
 * normal approximation it stays inside [0, 1] and keeps its coverage at 0 or n successes, which audits often see.
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval {
  if (n <= 0) return { estimate: 0, lower: 0, upper: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
