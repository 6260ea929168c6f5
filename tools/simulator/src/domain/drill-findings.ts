import { checkExactlyOnce, ExactlyOnceCheck, isClean } from './exactly-once';

/** A review task as the review database has it. */
export interface StoredTask {
  id: string;
  decisionId: string;
  kind: string;
  state: string;
  workflow?: string;
}

export interface DrillObservations {
  sentIds: string[];
  routedIds: string[];
  /** Ids of every record on decisions.final (duplicates included). */
  finalIds: string[];
  /** Decisions the router sent to review. */
  routedToReviewIds: string[];
  tasks: StoredTask[];
  /** taskId of every review.completed record (duplicates included). */
  completedTaskIds: string[];
  /** The outcome of every record on decisions.final (duplicates included), when known. */
  finalOutcomes?: string[];
  /**
   * The workflow nobody reviewed. Its post-release audit checks stay open past the drill (they are not under its
   * policy's expiry window but the review service's default, and publish no outcome when they expire): counted apart.
   */
  abandonedWorkflow?: string;
}

export interface DrillFindings {
  routed: ExactlyOnceCheck;
  finals: ExactlyOnceCheck;
  /** Every decision routed to review became exactly one review task. */
  reviewTasks: ExactlyOnceCheck;
  /** Every completed task published exactly one verdict (review.completed), and no other task did. */
  verdicts: ExactlyOnceCheck;
  unfinishedTasks: number;
  /** Audit checks of the abandoned workflow still open (expected: nobody reviews it). */
  abandonedAuditChecksOpen: number;
  /** Records on decisions.final by outcome: autonomous, approved, corrected, rejected, expired, withdrawn. */
  finalsByOutcome: Record<string, number>;
  /** Review tasks by final state: completed (a verdict), expired (the safe default), cancelled (withdrawn). */
  tasksByState: Record<string, number>;
  violations: string[];
}

const FINISHED = ['completed', 'cancelled', 'expired'];

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function describe(name: string, check: ExactlyOnceCheck): string[] {
  if (isClean(check)) return [];
  const sample = (ids: string[]) => ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', ...' : '');
  return [
    `${name}: ${check.missing.length} missing (${sample(check.missing)}), ${check.duplicated.length} duplicated ` +
      `(${sample(check.duplicated)}), ${check.unexpected.length} unexpected (${sample(check.unexpected)})`,
  ];
}

/** Whether the platform kept its exactly-once promises through the drill, and every way it did not. */
export function drillFindings(observed: DrillObservations): DrillFindings {
  const reviewKind = observed.tasks.filter((task) => task.kind === 'review');
  const completed = observed.tasks.filter((task) => task.state === 'completed').map((task) => task.id);
  const routed = checkExactlyOnce(observed.sentIds, observed.routedIds);
  const finals = checkExactlyOnce(observed.sentIds, observed.finalIds);
  const reviewTasks = checkExactlyOnce(
    observed.routedToReviewIds,
    reviewKind.map((task) => task.decisionId),
  );
  const verdicts = checkExactlyOnce(completed, observed.completedTaskIds);
  const open = observed.tasks.filter((task) => !FINISHED.includes(task.state));
  const abandonedAudit = (task: StoredTask) =>
    task.kind === 'audit' && observed.abandonedWorkflow !== undefined && task.workflow === observed.abandonedWorkflow;
  const unfinished = open.filter((task) => !abandonedAudit(task));
  const violations = [
    ...describe('routed events', routed),
    ...describe('final outcomes', finals),
    ...describe('review tasks', reviewTasks),
    ...describe('verdicts', verdicts),
    ...(unfinished.length > 0 ? [`review tasks never finished: ${unfinished.length}`] : []),
  ];
  return {
    routed,
    finals,
    reviewTasks,
    verdicts,
    unfinishedTasks: unfinished.length,
    abandonedAuditChecksOpen: open.length - unfinished.length,
    finalsByOutcome: countBy(observed.finalOutcomes ?? []),
    tasksByState: countBy(observed.tasks.map((task) => `${task.kind}:${task.state}`)),
    violations,
  };
}
