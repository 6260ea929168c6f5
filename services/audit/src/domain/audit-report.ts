import { FinalOutcome } from '@countersign/contracts';
import { AuditStratum, autonomousErrorRate, catchRate } from './error-estimates';
import { Interval } from '@countersign/statistics';

/** What the trail says about one workflow in one period, counted by the store. */
export interface ReportFacts {
  workflow: string;
  from: string;
  to: string;
  outcomes: Record<FinalOutcome, number>;
  /** Routing reasons of the period's decisions sent to review, reason → decisions. */
  byReason: Record<string, number>;
  strata: AuditStratum[];
  /** Audit checks requested in the period (some may not have a verdict yet). */
  sampled: number;
  slaBreaches: number;
  trustLevelChanges: TrustLevelChange[];
}

export interface TrustLevelChange {
  at: string;
  from: number | null;
  to: number;
  policyVersion: number;
}

export interface AuditReport {
  workflow: string;
  from: string;
  to: string;
  decisions: number;
  autonomous: number;
  reviewed: number;
  outcomes: Record<FinalOutcome, number>;
  byReason: Record<string, number>;
  audit: { sampled: number; judged: number; errorsFound: number; strata: AuditStratum[] };
  /** Error rate of autonomous decisions, from the audit checks, with its 95% interval. */
  autonomousErrorRate: (Interval & { unjudgedReleased: number }) | null;
  /** Errors caught in review before release, against all errors (caught + estimated escaped), 95% interval. */
  catchRate: Interval | null;
  caughtInReview: number;
  slaBreaches: number;
  trustLevelChanges: TrustLevelChange[];
}

export function buildReport(facts: ReportFacts): AuditReport {
  const { outcomes } = facts;
  const reviewed = outcomes.approved + outcomes.corrected + outcomes.rejected;
  const caughtInReview = outcomes.corrected + outcomes.rejected;
  const errorRate = autonomousErrorRate(facts.strata);
  const sum = (pick: (stratum: AuditStratum) => number) => facts.strata.reduce((total, s) => total + pick(s), 0);
  return {
    workflow: facts.workflow,
    from: facts.from,
    to: facts.to,
    // Expired and withdrawn decisions were routed to review but never judged: counted as decisions, not as reviewed.
    decisions: reviewed + outcomes.autonomous + outcomes.expired + outcomes.withdrawn,
    autonomous: outcomes.autonomous,
    reviewed,
    outcomes,
    byReason: facts.byReason,
    audit: {
      sampled: facts.sampled,
      judged: sum((s) => s.judged),
      errorsFound: sum((s) => s.errors),
      strata: facts.strata,
    },
    autonomousErrorRate: errorRate,
    catchRate: catchRate(caughtInReview, outcomes.autonomous, errorRate),
    caughtInReview,
    slaBreaches: facts.slaBreaches,
    trustLevelChanges: facts.trustLevelChanges,
  };
}

/** A policy version as the trail recorded it: when, which version, at which trust level. */
export interface PolicyVersionFact {
  at: string;
  version: number;
  trustLevel: number;
}

/** The trust-level changes among a workflow's policy versions (oldest first) that happened in [from, to). */
export function trustLevelChanges(
  versions: readonly PolicyVersionFact[],
  from: string,
  to: string,
): TrustLevelChange[] {
  const changes: TrustLevelChange[] = [];
  let previous: number | null = null;
  const [start, end] = [Date.parse(from), Date.parse(to)];
  for (const version of versions) {
    const at = Date.parse(version.at);
    if (version.trustLevel !== previous && at >= start && at < end) {
      changes.push({ at: version.at, from: previous, to: version.trustLevel, policyVersion: version.version });
    }
    previous = version.trustLevel;
  }
  return changes;
}
