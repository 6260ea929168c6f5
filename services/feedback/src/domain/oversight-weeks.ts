import { Proportion, wilsonInterval } from '@countersign/statistics';
import { CatchRate, estimateCatchRate } from './catch-rate';

/**
 * Below this many trials an interval is drawn but marked "small sample": the Wilson interval still covers about 95%
 * there (Brown, Cai & DasGupta 2001 show it near nominal from n ≈ 10), but it is wide enough that a week's point
 * estimate says little and a reader should not compare it with a week of hundreds. 30 is the usual rule of thumb.
 */
export const SMALL_SAMPLE = 30;

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** What the store counts for one ISO week (Monday 00:00 UTC onwards) of one workflow. */
export interface WeekCounts {
  /** Final outcomes decided in the week, by outcome (autonomous, approved, corrected, rejected, expired, withdrawn). */
  outcomes: Readonly<Record<string, number>>;
  /** Review (not audit) judgments that corrected or rejected the AI: errors caught before release. */
  caught: number;
  /** Audit judgments of released decisions, and how many found the AI wrong. */
  audited: number;
  auditErrors: number;
}

/** Where a week's released-error interval stands against the workflow's budget (its highest acceptable error rate). */
export type BudgetStanding = 'within' | 'over' | 'undetermined' | 'no-budget';

export interface OversightWeek {
  /** Monday 00:00 UTC that starts the week. */
  weekStart: string;
  decisions: number;
  /** Decisions a person judged (approved, corrected, rejected). A census of the week, not a sample: no interval. */
  reviewed: number;
  reviewShare: number | null;
  /** Routed to review but never judged: the review's deadline passed (expired) or the decision was withdrawn. */
  expired: number;
  withdrawn: number;
  /** Error rate of decisions released without review, from the week's audit samples, with its 95% Wilson interval. */
  releasedError: Proportion;
  budget: BudgetStanding;
  catchRate: CatchRate;
  /** The released-error interval rests on some, but fewer than SMALL_SAMPLE, audits (none: no estimate at all). */
  smallSample: boolean;
}

/** The Monday 00:00 UTC starting the week that contains `instant`. */
export function weekStartOf(instant: Date): Date {
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 24 * 3600 * 1000);
}

/** The starts of the `weeks` weeks ending with the one that contains `now`, oldest first. */
export function weekStarts(now: Date, weeks: number): Date[] {
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError('weeks must be a positive integer');
  const last = weekStartOf(now).getTime();
  return Array.from({ length: weeks }, (_, index) => new Date(last - (weeks - 1 - index) * WEEK_MS));
}

/**
 * The budget is met with 95% confidence only when the whole interval is under it, broken only when the whole
 * interval is above it; in between the week's evidence cannot tell (and says so instead of rounding to a verdict).
 */
export function budgetStanding(releasedError: Proportion, maxErrorRate: number | null): BudgetStanding {
  if (maxErrorRate === null) return 'no-budget';
  if (releasedError.trials === 0) return 'undetermined';
  if (releasedError.upper <= maxErrorRate) return 'within';
  if (releasedError.lower > maxErrorRate) return 'over';
  return 'undetermined';
}

export function oversightWeek(weekStart: Date, counts: WeekCounts, maxErrorRate: number | null): OversightWeek {
  const count = (outcome: string) => counts.outcomes[outcome] ?? 0;
  const reviewed = count('approved') + count('corrected') + count('rejected');
  const decisions = reviewed + count('autonomous') + count('expired') + count('withdrawn');
  const releasedError = wilsonInterval(counts.auditErrors, counts.audited);
  return {
    weekStart: weekStart.toISOString(),
    decisions,
    reviewed,
    reviewShare: decisions === 0 ? null : reviewed / decisions,
    expired: count('expired'),
    withdrawn: count('withdrawn'),
    releasedError,
    budget: budgetStanding(releasedError, maxErrorRate),
    catchRate: estimateCatchRate({
      caught: counts.caught,
      released: count('autonomous'),
      audited: counts.audited,
      auditErrors: counts.auditErrors,
    }),
    smallSample: counts.audited > 0 && counts.audited < SMALL_SAMPLE,
  };
}
