import { RoutingPolicyDocument } from '@countersign/contracts';
import { CompiledPolicy } from './compiled-policy';
import { compilePolicy } from './compile-policy';

export const UNKNOWN_WORKFLOW_REASON = 'unknown_workflow';

/** Everything but threshold and trust level from the contract's defaults (SLA 24 h, default ladder and seed). */
const reviewEverything = compilePolicy(
  '*',
  0,
  Object.assign(new RoutingPolicyDocument(), { threshold: 1, trustLevel: 1 }),
);

/**
 * The documented default for a workflow without a policy: version 0, every decision to review with the reason
 * `unknown_workflow`, trust level 1, threshold 1, one approval, the contract's default SLA, ladder and seed.
 * A producer that starts sending a workflow before anyone wrote its policy gets full oversight, rather than a crash
 * or, worse, silent release. PolicyBook.policyFor says `known: false` so the router can count it in a warning metric.
 */
export function defaultPolicy(workflow: string): CompiledPolicy {
  return Object.freeze({ ...reviewEverything, workflow, standingReasons: [UNKNOWN_WORKFLOW_REASON] });
}
