import { RoutingPolicyDocument } from '@countersign/contracts';

export const PROPOSAL_KINDS = ['policy', 'resume', 'two-person-rule-off'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'superseded';

/**
 * A change that lowers a workflow's oversight, waiting for a second admin of the workflow: a policy version, resuming
 * autonomy after a stop, or switching the two-person rule off.
 */
export interface PolicyProposal {
  id: string;
  workflow: string;
  kind: ProposalKind;
  /** The policy version it was proposed against; approving it after another change is refused (superseded). */
  baseVersion: number;
  /** The proposed policy (kind `policy` only). */
  policy: RoutingPolicyDocument | null;
  /** How it lowers oversight, as comparesOversight found. */
  lowers: string[];
  reason: string;
  proposedBy: string;
  /**
   * The admin whose setting a service's proposal follows (feedback's target), who may not approve it either; null
   * when a person proposed it, and for proposals stored before it was recorded.
   */
  onBehalfOf: string | null;
  proposedAt: string;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  appliedVersion: number | null;
}
