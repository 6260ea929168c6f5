import { ApiProperty } from '@nestjs/swagger';
import { RoutingPolicyDocument, ROUTES } from '@countersign/contracts';

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
