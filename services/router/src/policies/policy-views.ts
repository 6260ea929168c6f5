import { ApiProperty } from '@nestjs/swagger';
import { RoutingPolicyDocument, ROUTES } from '@countersign/contracts';
import { PROPOSAL_KINDS } from './policy-proposal';

// The answers of the policies API as OpenAPI schemas (what PoliciesService returns).

/** One stored version of a workflow's policy. */
export class PolicyVersionView {
  @ApiProperty() workflow!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: () => RoutingPolicyDocument }) policy!: RoutingPolicyDocument;
  @ApiProperty({ description: 'The token subject of the administrator who stored it' }) changedBy!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
}

export class ActivePolicyView extends PolicyVersionView {
  @ApiProperty({
    type: 'integer',
    description: 'The version this replica routes with (behind `version` for moments after a change)',
  })
  activeVersion!: number;
}

export class RouteTallyView {
  @ApiProperty({ type: 'integer' }) review!: number;
  @ApiProperty({ type: 'integer' }) autonomous!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'How many decisions each reason applied to',
  })
  byReason!: Record<string, number>;
}

export class RouteChangeView {
  @ApiProperty() decisionId!: string;
  @ApiProperty({ enum: ROUTES }) from!: string;
  @ApiProperty({ enum: ROUTES }) to!: string;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({ type: [String] }) currentReasons!: string[];
}

/** A dry run: how recent decisions would be routed under the proposed policy, beside the current one. */
export class RoutingPreviewView {
  @ApiProperty({ type: 'integer' }) sampled!: number;
  @ApiProperty({ type: () => RouteTallyView }) current!: RouteTallyView;
  @ApiProperty({ type: () => RouteTallyView }) proposed!: RouteTallyView;
  @ApiProperty({ type: 'integer' }) changed!: number;
  @ApiProperty({ type: 'integer' }) toReview!: number;
  @ApiProperty({ type: 'integer' }) toAutonomous!: number;
  @ApiProperty({ type: () => [RouteChangeView], description: 'Up to 10 decisions that would change route' })
  examples!: RouteChangeView[];
}

/** A change that lowers oversight, waiting for (or decided by) a second admin of the workflow: PolicyProposal. */
export class PolicyProposalView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() workflow!: string;
  @ApiProperty({ enum: PROPOSAL_KINDS }) kind!: string;
  @ApiProperty({ type: 'integer', description: 'The version it was proposed against (approving after another: 409)' })
  baseVersion!: number;
  @ApiProperty({ type: () => RoutingPolicyDocument, nullable: true, description: 'The proposed policy (kind policy)' })
  policy!: RoutingPolicyDocument | null;
  @ApiProperty({ type: [String], description: 'How it lowers oversight' }) lowers!: string[];
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'The token subject that proposed it (may not approve it)' }) proposedBy!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "The admin whose setting a service's proposal follows (feedback's target); may not approve it either. " +
      'Null when a person proposed it.',
  })
  onBehalfOf!: string | null;
  @ApiProperty({ format: 'date-time' }) proposedAt!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'superseded'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) appliedVersion!: number | null;
}
