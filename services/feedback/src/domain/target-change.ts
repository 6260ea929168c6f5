/** A workflow's target: the highest error rate of released decisions it accepts, and whether feedback may file changes. */
export interface WorkflowTarget {
  maxErrorRate: number;
  autoApply: boolean;
}

/** What a target change does to oversight, against the target in force (the service default until one is set). */
export interface TargetComparison {
  /** Why it lowers oversight (empty when it does not): it then needs a second admin (ADR 0006). */
  lowers: string[];
  /** Nothing changes: storing it would only rename the admin the target is set for. */
  unchanged: boolean;
}

/**
 * A higher maxErrorRate accepts more error in released decisions: every recommendation and risk rule feedback derives
 * from it may then ask for fewer reviews, so it lowers oversight. Turning autoApply on does not by itself: what
 * feedback then files with the router is held to the router's own two-person rule, for this target's admin.
 */
export function comparesTarget(current: WorkflowTarget, next: WorkflowTarget): TargetComparison {
  const lowers =
    next.maxErrorRate > current.maxErrorRate
      ? [`maxErrorRate ${current.maxErrorRate} → ${next.maxErrorRate}: more error accepted in released decisions`]
      : [];
  return {
    lowers,
    unchanged: next.maxErrorRate === current.maxErrorRate && next.autoApply === current.autoApply,
  };
}
