import { checkExactlyOnce, ExactlyOnceCheck, isClean } from './exactly-once';

/** A review task as the review database has it. */
export interface StoredTask {
  id: string;
  decisionId: string;
  kind: string;
  state: string;
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
}

export interface DrillFindings {
  routed: ExactlyOnceCheck;
  finals: ExactlyOnceCheck;
  /** Every decision routed to review became exactly one review task. */
  reviewTasks: ExactlyOnceCheck;
  /** Every completed task published exactly one verdict (review.completed), and no other task did. */
  verdicts: ExactlyOnceCheck;
  unfinishedTasks: number;
  violations: string[];
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
  const unfinished = observed.tasks.filter((task) => task.state !== 'completed' && task.state !== 'cancelled');
  const violations = [
    ...describe('routed events', routed),
    ...describe('final outcomes', finals),
    ...describe('review tasks', reviewTasks),
    ...describe('verdicts', verdicts),
    ...(unfinished.length > 0 ? [`review tasks never finished: ${unfinished.length}`] : []),
  ];
  return { routed, finals, reviewTasks, verdicts, unfinishedTasks: unfinished.length, violations };
}
