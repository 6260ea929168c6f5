/** The drill's abandoned workflow: nobody reviews it, so each of its reviews must end by expiry. */
export interface AbandonedWorkflow {
  workflow: string;
  slaSeconds: number;
  expirySeconds: number;
  safeDefault: 'reject' | 'hold';
  /** Lateness allowed past SLA + expiry window: the scheduler's sweep interval and fault recoveries. */
  graceSeconds: number;
}

/** What the check needs of a routed decision and of a final outcome (as read back from the topics). */
export interface RoutedFact {
  decisionId: string;
  workflow: string;
  route: string;
  routedAt: string;
}
export interface FinalFact {
  decisionId: string;
  outcome: string;
  safeDefault?: string;
  decidedAt: string;
}

export interface ExpiryFindings {
  workflow: string;
  /** The abandoned workflow's decisions routed to review. */
  reviews: number;
  /** Of those, with exactly one final outcome, `expired` with the policy's safe default. */
  expiredExactlyOnce: number;
  /** Of those, decided later than routing + SLA + expiry window + grace. */
  late: string[];
  /** With another outcome, another safe default, or not exactly one final outcome. */
  wrong: string[];
  /** Seconds from routing to the expired outcome: the slowest and the median. */
  slowestSeconds: number | null;
  medianSeconds: number | null;
  /** SLA + expiry window: the stated time to a final outcome. */
  windowSeconds: number;
  violations: string[];
}

/**
 * Whether every review of the abandoned workflow ended exactly once, `expired` with the safe default, within the
 * stated window (SLA, then the expiry window, plus `graceSeconds`).
 */
export function expiryFindings(
  abandoned: AbandonedWorkflow,
  routed: RoutedFact[],
  finals: FinalFact[],
): ExpiryFindings {
  const reviews = routed.filter((event) => event.workflow === abandoned.workflow && event.route === 'review');
  const finalsOf = new Map<string, FinalFact[]>();
  for (const final of finals) finalsOf.set(final.decisionId, [...(finalsOf.get(final.decisionId) ?? []), final]);
  const windowSeconds = abandoned.slaSeconds + abandoned.expirySeconds;
  const wrong: string[] = [];
  const late: string[] = [];
  const seconds: number[] = [];
  for (const review of reviews) {
    const [final, ...more] = finalsOf.get(review.decisionId) ?? [];
    if (!final || more.length > 0 || final.outcome !== 'expired' || final.safeDefault !== abandoned.safeDefault) {
      wrong.push(review.decisionId);
      continue;
    }
    const took = (Date.parse(final.decidedAt) - Date.parse(review.routedAt)) / 1000;
    seconds.push(took);
    if (took > windowSeconds + abandoned.graceSeconds) late.push(review.decisionId);
  }
  seconds.sort((a, b) => a - b);
  const sample = (ids: string[]) => ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', ...' : '');
  const violations = [
    ...(reviews.length === 0 ? [`abandoned workflow ${abandoned.workflow}: no decision was routed to review`] : []),
    ...(wrong.length > 0
      ? [
          `abandoned workflow: ${wrong.length} reviews without exactly one expired/${abandoned.safeDefault} (${sample(wrong)})`,
        ]
      : []),
    ...(late.length > 0
      ? [
          `abandoned workflow: ${late.length} expired later than ${windowSeconds} s + ${abandoned.graceSeconds} s (${sample(late)})`,
        ]
      : []),
  ];
  return {
    workflow: abandoned.workflow,
    reviews: reviews.length,
    expiredExactlyOnce: reviews.length - wrong.length,
    late,
    wrong,
    slowestSeconds: seconds.length ? seconds[seconds.length - 1] : null,
    medianSeconds: seconds.length ? seconds[Math.floor((seconds.length - 1) / 2)] : null,
    windowSeconds,
    violations,
  };
}
