import { Interval, wilsonScore } from '@countersign/statistics';

/** One confidence bucket of a workflow's autonomous decisions in a period, and what its audit found. */
export interface AuditStratum {
  bucket: string;
  /** Autonomous decisions released in the bucket. */
  released: number;
  /** Audit checks with a verdict. */
  judged: number;
  /** Checks whose reviewer corrected or rejected the released decision. */
  errors: number;
}

/**
 * Error rate of autonomous decisions, stratified: each bucket's observed rate weighted by its share of the released
 * decisions, since the per-bucket minimum samples small buckets more heavily than large ones. The 95% interval is
 * Wilson's at the effective sample size the stratified variance implies (Korn & Graubard), which is the plain Wilson
 * interval when there is one bucket. Buckets with no verdict yet are left out and reported as `unjudgedReleased`.
 * Null when nothing was judged.
 */
export function autonomousErrorRate(strata: readonly AuditStratum[]): (Interval & { unjudgedReleased: number }) | null {
  const judged = strata.filter((stratum) => stratum.judged > 0);
  const unjudgedReleased = strata.filter((s) => s.judged === 0).reduce((sum, s) => sum + s.released, 0);
  const covered = judged.reduce((sum, stratum) => sum + stratum.released, 0);
  const checks = judged.reduce((sum, stratum) => sum + stratum.judged, 0);
  if (checks === 0) return null;
  // A bucket whose decisions were all judged before any was counted as released (events out of order) still counts.
  const weightOf = (stratum: AuditStratum) => (covered > 0 ? stratum.released / covered : stratum.judged / checks);
  let estimate = 0;
  let variance = 0;
  for (const stratum of judged) {
    const rate = stratum.errors / stratum.judged;
    const weight = weightOf(stratum);
    estimate += weight * rate;
    variance += (weight * weight * rate * (1 - rate)) / stratum.judged;
  }
  const effective = variance > 0 ? Math.min(checks, (estimate * (1 - estimate)) / variance) : checks;
  const interval = wilsonScore(estimate * effective, effective);
  return { ...interval, estimate, unjudgedReleased };
}

/**
 * Share of all errors that humans caught before release: errors found in review, against those plus the errors
 * estimated to have gone out autonomously (error rate × autonomous decisions). Its interval follows from the error
 * rate's: the catch rate falls as the escaped errors rise. Null when there is nothing to catch or nothing measured.
 */
export function catchRate(caughtInReview: number, autonomous: number, errorRate: Interval | null): Interval | null {
  if (autonomous === 0) return caughtInReview > 0 ? { estimate: 1, lower: 1, upper: 1 } : null;
  if (errorRate === null) return null;
  // No error seen anywhere: there is nothing yet to have caught, so there is no rate to state.
  if (caughtInReview === 0 && errorRate.estimate === 0) return null;
  const rate = (escapedRate: number) => {
    const errors = caughtInReview + escapedRate * autonomous;
    return errors === 0 ? 1 : caughtInReview / errors;
  };
  return { estimate: rate(errorRate.estimate), lower: rate(errorRate.upper), upper: rate(errorRate.lower) };
}
