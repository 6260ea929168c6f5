import { CompiledPolicy } from './compiled-policy';

/** The routing reason of every decision of a workflow whose autonomy an admin stopped (EU AI Act Art. 14(4)(e)). */
export const AUTONOMY_STOPPED_REASON = 'autonomy_stopped';

/**
 * The policy as routed while the stop switch is on: unchanged, plus a standing reason that sends every decision to
 * review. Kept as a policy (not a flag checked elsewhere) so routing, previews and facts stay one code path, and the
 * routed facts name the version that stopped it.
 */
export function withAutonomyStopped(policy: CompiledPolicy): CompiledPolicy {
  return Object.freeze({ ...policy, standingReasons: [AUTONOMY_STOPPED_REASON, ...policy.standingReasons] });
}
