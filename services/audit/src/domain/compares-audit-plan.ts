import { TRUST_LEVELS } from '@countersign/contracts';
import { AuditPeriod, AuditPlan, bucketLabel, bucketQuota } from './audit-plan';

/** How an audit-plan change moves post-release oversight, field by field. */
export interface AuditPlanComparison {
  /** Each way the new plan checks fewer released decisions; empty when it lowers nothing. */
  readonly lowers: readonly string[];
  /** Each way it checks more; informative only, a change that both lowers and raises still lowers. */
  readonly raises: readonly string[];
}

const PERIOD_DAYS: Record<AuditPeriod, number> = { day: 1, week: 7 };

/**
 * Compares two audit plans of one workflow for the two-person rule, over every field of the plan:
 *   - a trust level's rate lower (fewer released decisions drawn at random; 0 switches that draw off);
 *   - the minimum per period lower, counted per day so that `period` is compared too (30 a day → 30 a week lowers);
 *   - a confidence band of the current plan guaranteed fewer checks per day. The sampler tops up each bucket that has
 *     decisions to its quota, wherever in the bucket they fall, so a band is guaranteed the quota of ONE bucket (its
 *     decisions may all fall in one), and only if both its bounds are cuts of the new plan: a bucket reaching beyond
 *     the band shares its quota with decisions outside it, which may take every check. So merging bands, moving a
 *     band's bound (e.g. a sliver bucket that never fills, next to a bucket spanning two bands) or spreading the
 *     minimum over more buckets lowers the bands that get less; splitting a band with as high a quota does not.
 * A plan cannot be deleted or switched off through the API (no such field or route): each way of checking less is one
 * of the above. `current` is the plan in force: the default plan (defaultAuditPlan) until an admin set one.
 */
export function comparesAuditPlan(current: AuditPlan, next: AuditPlan): AuditPlanComparison {
  const lowers: string[] = [];
  const raises: string[] = [];
  const note = (lower: boolean, higher: boolean, text: string) => {
    if (lower) lowers.push(text);
    else if (higher) raises.push(text);
  };
  for (const level of TRUST_LEVELS) {
    const [was, now] = [current.ratesByTrustLevel[level], next.ratesByTrustLevel[level]];
    note(now < was, now > was, `ratesByTrustLevel.${level}: ${was} → ${now}`);
  }
  const [wasDays, nowDays] = [PERIOD_DAYS[current.period], PERIOD_DAYS[next.period]];
  // a/wasDays vs b/nowDays, in integers: no rounding.
  const perDay = (was: number, now: number) => ({
    lower: now * wasDays < was * nowDays,
    higher: now * wasDays > was * nowDays,
  });
  const minimum = perDay(current.minimumPerPeriod, next.minimumPerPeriod);
  note(
    minimum.lower,
    minimum.higher,
    `minimumPerPeriod: ${current.minimumPerPeriod} a ${current.period} → ${next.minimumPerPeriod} a ${next.period}`,
  );
  const nextQuota = bucketQuota(next);
  const currentQuota = bucketQuota(current);
  const nextBounds = [0, ...next.confidenceCuts, 1];
  const currentBounds = [0, ...current.confidenceCuts, 1];
  for (let band = 0; band < currentBounds.length - 1; band++) {
    const [from, to] = [currentBounds[band], currentBounds[band + 1]];
    const guaranteed = nextBounds.includes(from) && nextBounds.includes(to) ? nextQuota : 0;
    const moved = perDay(currentQuota, guaranteed);
    note(
      moved.lower,
      moved.higher,
      `confidence band ${bucketLabel(current, band)}: ${currentQuota} checks a ${current.period} guaranteed → ` +
        `${guaranteed} a ${next.period}`,
    );
  }
  return { lowers, raises };
}
