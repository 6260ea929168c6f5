import { Proportion, wilsonInterval } from '@countersign/statistics';

export interface CatchRateInputs {
  /** AI errors that review caught before release: corrections and rejections of review (not audit) tasks. */
  caught: number;
  /** Decisions released without review in the same scope and window (the decisions.final "autonomous" count). */
  released: number;
  /** Audit samples of released decisions, and how many of them the auditor found wrong. */
  audited: number;
  auditErrors: number;
}

export interface CatchRate {
  /** caught / (caught + estimated escaped); null when there is nothing to divide (no errors caught, none estimated). */
  estimate: number | null;
  lower: number;
  upper: number;
  /** released × audited error rate, with the Wilson bounds of the rate carried through. */
  escaped: { estimate: number | null; lower: number; upper: number };
  auditedErrorRate: Proportion;
  caught: number;
  released: number;
}

/**
 * The decision's error catch rate: the share of the AI's errors that review stopped before release.
 *
 * Only the escaped errors are estimated: `caught` and `released` are counts of every decision, not samples. The
 * escaped count is released × p, where p is the error rate of audited released decisions. The catch rate
 * c / (c + released · p) is strictly decreasing in p, so mapping the ends of p's 95% Wilson interval through it gives
 * a 95% interval for the catch rate with no further approximation (no delta method, no bootstrap). Without audits p
 * is unknown ([0, 1]) and so the interval is as wide as the released volume makes it — honest, not optimistic.
 */
export function estimateCatchRate(inputs: CatchRateInputs): CatchRate {
  const { caught, released, audited, auditErrors } = inputs;
  if (!Number.isInteger(caught) || caught < 0 || !Number.isInteger(released) || released < 0) {
    throw new RangeError('caught and released must be non-negative integers');
  }
  const rate = wilsonInterval(auditErrors, audited);
  const rateOf = (p: number | null) => (p === null ? null : released * p);
  const escaped = { estimate: rateOf(rate.estimate), lower: released * rate.lower, upper: released * rate.upper };
  const share = (escapedErrors: number | null): number | null => {
    if (escapedErrors === null) return null;
    const total = caught + escapedErrors;
    return total === 0 ? null : caught / total;
  };
  // No caught errors and none escaped: the rate is undefined, not 100%; the bounds say it can be anything.
  return {
    estimate: share(escaped.estimate),
    lower: share(escaped.upper) ?? 0,
    upper: share(escaped.lower) ?? 1,
    escaped,
    auditedErrorRate: rate,
    caught,
    released,
  };
}
