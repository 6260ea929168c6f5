import { IsBoolean, IsIn, IsInt, IsNumber, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsTimestamp } from './is-timestamp';
import { MayBeOmitted } from './may-be-omitted';
import { IsJsonObject, JsonObject } from './scalar-record';

export const AUDIT_EVENT_TYPES = [
  'decision.received',
  'decision.routed',
  'decision.dead_lettered',
  'task.created',
  'task.claimed',
  'task.released',
  'task.completed',
  'task.escalated',
  'task.cancelled',
  'task.commented',
  'task.expired',
  'decision.finalized',
  'audit.sampled',
  'audit.judged',
  'policy.changed',
  'recommendation.applied',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * Published on `countersign.audit.events`, keyed by decision id (or by workflow for policy events), so a compliance
 * team can rebuild any decision's history from the topic alone.
 */
export class AuditEventV1 {
  @IsIn([1])
  schemaVersion!: 1;

  @IsUUID()
  @JSONSchema({ description: 'Unique id of this audit event; consumers deduplicate on it.' })
  eventId!: string;

  @IsIn(AUDIT_EVENT_TYPES)
  type!: AuditEventType;

  @MayBeOmitted()
  @IsString()
  @MaxLength(200)
  decisionId?: string;

  @MayBeOmitted()
  @IsString()
  @MaxLength(63)
  workflow?: string;

  @IsString()
  @MaxLength(200)
  @JSONSchema({ description: 'Who caused it: a service name or a person (subject of their token).' })
  actor!: string;

  @IsIn(['router', 'review', 'feedback', 'audit'])
  source!: 'router' | 'review' | 'feedback' | 'audit';

  @IsJsonObject()
  data!: JsonObject;

  @IsTimestamp()
  occurredAt!: string;
}

/** Published on `countersign.policy.changed` (key = workflow) whenever a workflow's policy gets a new version. */
export class PolicyChangedV1 {
  @IsIn([1])
  schemaVersion!: 1;

  @IsString()
  @MaxLength(63)
  workflow!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsJsonObject()
  policy!: JsonObject;

  @IsString()
  @MaxLength(200)
  changedBy!: string;

  @IsString()
  @MaxLength(2000)
  reason!: string;

  @IsTimestamp()
  changedAt!: string;

  @MayBeOmitted()
  @IsBoolean()
  @JSONSchema({
    description:
      "True while an admin has stopped the workflow's autonomy (the stop switch): every decision goes to review " +
      'with the reason autonomy_stopped until a version with false. Absent means false.',
  })
  autonomyStopped?: boolean;
}

export const RECOMMENDATION_KINDS = ['threshold', 'trust_level'] as const;

/** Published on `countersign.policy.recommendations` (key = workflow) by the feedback service. */
export class PolicyRecommendationV1 {
  @IsIn([1])
  schemaVersion!: 1;

  @IsUUID()
  recommendationId!: string;

  @IsString()
  @MaxLength(63)
  workflow!: string;

  @MayBeOmitted()
  @IsString()
  @MaxLength(100)
  modelVersion?: string;

  @IsIn(RECOMMENDATION_KINDS)
  kind!: (typeof RECOMMENDATION_KINDS)[number];

  @JSONSchema({ description: 'Current value (threshold 0..1 or trust level 1..4).' })
  @IsNumber()
  current!: number;

  @JSONSchema({ description: 'Recommended value.' })
  @IsNumber()
  recommended!: number;

  @IsJsonObject()
  @JSONSchema({ description: 'Sample sizes, estimates and bounds that justify the recommendation.' })
  evidence!: JsonObject;

  @IsTimestamp()
  issuedAt!: string;
}
