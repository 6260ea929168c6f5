import { DecisionV1, Route } from '@countersign/contracts';
import { CompiledPolicy } from './compiled-policy';
import { routeDecision } from './route-decision';

export interface RouteTally {
  review: number;
  autonomous: number;
  /** How many decisions each reason applied to (a decision with two reasons counts for both). */
  byReason: Record<string, number>;
}

export interface RouteChange {
  decisionId: string;
  from: Route;
  to: Route;
  /** Why the decision goes where it goes under the proposed policy (empty when it would now be released). */
  reasons: string[];
  /** Why it went where it went under the current policy, for the examples that would now be released. */
  currentReasons: string[];
}

export interface RoutingPreview {
  sampled: number;
  current: RouteTally;
  proposed: RouteTally;
  /** Decisions whose route differs between the two policies: toReview + toAutonomous. */
  changed: number;
  toReview: number;
  toAutonomous: number;
  /** Up to MAX_EXAMPLES changed decisions, in the order given. */
  examples: RouteChange[];
}

export const MAX_EXAMPLES = 10;

/**
 * A dry run of a proposed policy over recent decisions, beside the current one: how many would go to review, why,
 * and which decisions would change route. Lets an administrator see what a change costs in reviewer time before
 * making it. Both policies are evaluated exactly as routing would, sampling included.
 */
export function previewRouting(
  decisions: readonly DecisionV1[],
  current: CompiledPolicy,
  proposed: CompiledPolicy,
): RoutingPreview {
  const preview: RoutingPreview = {
    sampled: decisions.length,
    current: emptyTally(),
    proposed: emptyTally(),
    changed: 0,
    toReview: 0,
    toAutonomous: 0,
    examples: [],
  };
  for (const decision of decisions) {
    const before = routeDecision(decision, current);
    const after = routeDecision(decision, proposed);
    count(preview.current, before.route, before.reasons);
    count(preview.proposed, after.route, after.reasons);
    if (before.route === after.route) continue;
    preview.changed += 1;
    if (after.route === 'review') preview.toReview += 1;
    else preview.toAutonomous += 1;
    if (preview.examples.length < MAX_EXAMPLES) {
      preview.examples.push({
        decisionId: decision.id,
        from: before.route,
        to: after.route,
        reasons: after.reasons,
        currentReasons: before.reasons,
      });
    }
  }
  return preview;
}

function emptyTally(): RouteTally {
  // No prototype: a reason is data from the policy and the decision, and must not collide with Object's own keys.
  return { review: 0, autonomous: 0, byReason: Object.create(null) as Record<string, number> };
}

function count(tally: RouteTally, route: Route, reasons: readonly string[]): void {
  tally[route] += 1;
  for (const reason of reasons) tally.byReason[reason] = (tally.byReason[reason] ?? 0) + 1;
}
