import { TrustLevel } from '@countersign/contracts';

export const AUDIT_PERIODS = ['day', 'week'] as const;
export type AuditPeriod = (typeof AUDIT_PERIODS)[number];

/**
 * How a workflow's autonomously released decisions are checked after release. Every released decision is sampled
 * at its trust level's rate; on top, each confidence bucket is topped up to its share of the period's minimum, so
 * a quiet week is still audited and high-confidence decisions (the ones nobody looks at) are checked too.
 */
export interface AuditPlan {
  workflow: string;
  /** Share of autonomous decisions sampled at each trust level (1 = high oversight … 4 = fully automated). */
  ratesByTrustLevel: Record<TrustLevel, number>;
  /** Audit checks per workflow per period, at least (spread evenly over the confidence buckets). */
  minimumPerPeriod: number;
  period: AuditPeriod;
  /** Ascending cut points in (0, 1): [0.9, 0.99] makes the buckets [0, 0.9), [0.9, 0.99), [0.99, 1]. */
  confidenceCuts: number[];
}

export function defaultAuditPlan(workflow: string): AuditPlan {
  return {
    workflow,
    ratesByTrustLevel: { 1: 0.2, 2: 0.1, 3: 0.05, 4: 0.02 },
    minimumPerPeriod: 30,
    period: 'week',
    confidenceCuts: [0.8, 0.9, 0.95],
  };
}

/** The bucket a confidence falls in: 0 below the first cut, confidenceCuts.length at or above the last. */
export function confidenceBucket(plan: Pick<AuditPlan, 'confidenceCuts'>, confidence: number): number {
  const index = plan.confidenceCuts.findIndex((cut) => confidence < cut);
  return index === -1 ? plan.confidenceCuts.length : index;
}

export function bucketLabel(plan: Pick<AuditPlan, 'confidenceCuts'>, bucket: number): string {
  const bounds = [0, ...plan.confidenceCuts, 1];
  return `${bounds[bucket]}-${bounds[bucket + 1]}`;
}

/** Samples each bucket must reach per period: the minimum spread evenly, rounded up. */
export function bucketQuota(plan: AuditPlan): number {
  return Math.ceil(plan.minimumPerPeriod / (plan.confidenceCuts.length + 1));
}

/** Start of the period `at` falls in, in UTC: midnight, or Monday midnight for a week. */
export function periodStart(at: Date, period: AuditPeriod): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (period === 'day') return day;
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000);
}

export function periodEnd(start: Date, period: AuditPeriod): Date {
  return new Date(start.getTime() + (period === 'day' ? 1 : 7) * 86_400_000);
}
