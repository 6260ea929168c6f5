import { AuditCheckpointV1 } from './events/audit-checkpoint';
import { DecisionV1 } from './events/decision';
import { AuditEventV1, PolicyChangedV1, PolicyRecommendationV1 } from './events/governance';
import { FinalDecisionV1, ReviewCompletedV1 } from './events/outcomes';
import { ReviewRequestedV1, RoutedDecisionV1 } from './events/routing';
import { TopicName, Topics } from './topics';

/** Countersign's own services; every other party on a topic is a team or system outside it. */
export const SERVICE_NAMES = ['router', 'review', 'feedback', 'audit'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
export type Party = ServiceName | 'platform teams' | 'downstream systems' | 'compliance teams';

export interface TopicSpec {
  name: TopicName;
  description: string;
  /** What the record key is; every decision event is keyed by decision id so one decision stays in one partition. */
  key: string;
  /** The payload class, or 'original-bytes' for a dead-letter topic that keeps records as they arrived. */
  payload: (new () => object) | 'original-bytes';
  producers: Party[];
  consumers: Party[];
  /** 'audit': kept as long as the law asks (KAFKA_AUDIT_RETENTION_MS, ≥ six months by default), not the broker default. */
  retention?: 'audit';
}

/** Every topic Countersign uses: the source of the AsyncAPI document and of the topics created at start-up. */
export const TopicCatalogue: readonly TopicSpec[] = [
  {
    name: Topics.decisions,
    description: 'AI decisions submitted for oversight.',
    key: 'decision id',
    payload: DecisionV1,
    producers: ['platform teams'],
    consumers: ['router', 'audit'],
  },
  {
    name: Topics.decisionsDeadLetter,
    description:
      'Records that could not be read, with their original key and value bytes; why and where in countersign.dlq.* headers.',
    key: 'original key',
    payload: 'original-bytes',
    producers: ['router', 'review', 'feedback', 'audit'],
    consumers: ['platform teams'],
  },
  {
    name: Topics.decisionsRouted,
    description: 'Every valid decision with its route, all reasons and the policy version, exactly once.',
    key: 'decision id',
    payload: RoutedDecisionV1,
    producers: ['router'],
    consumers: ['audit', 'feedback'],
  },
  {
    name: Topics.reviewRequested,
    description: 'Decisions a human must review (kind review) or check after release (kind audit).',
    key: 'decision id',
    payload: ReviewRequestedV1,
    producers: ['router', 'audit'],
    consumers: ['review'],
  },
  {
    name: Topics.reviewCompleted,
    description: 'Human judgments: verdict, correction and diff, reviewers and time on task.',
    key: 'decision id',
    payload: ReviewCompletedV1,
    producers: ['review'],
    consumers: ['feedback', 'audit'],
  },
  {
    name: Topics.decisionsFinal,
    description: 'The one final outcome per decision that downstream systems act on.',
    key: 'decision id',
    payload: FinalDecisionV1,
    producers: ['router', 'review'],
    consumers: ['downstream systems', 'feedback', 'audit'],
  },
  {
    name: Topics.auditEvents,
    description: 'Every lifecycle event of every decision, for compliance teams.',
    key: 'decision id (workflow for policy events)',
    payload: AuditEventV1,
    producers: ['router', 'review', 'feedback', 'audit'],
    consumers: ['compliance teams', 'audit'],
    retention: 'audit',
  },
  {
    name: Topics.auditCheckpoints,
    description:
      "Signed heads of the audit trail's hash chains, so outside parties can verify it without database access.",
    key: 'checkpoint id',
    payload: AuditCheckpointV1,
    producers: ['audit'],
    consumers: ['compliance teams'],
    retention: 'audit',
  },
  {
    name: Topics.policyChanged,
    description: 'A new version of a workflow policy; every router replica applies it.',
    key: 'workflow',
    payload: PolicyChangedV1,
    producers: ['router'],
    consumers: ['router'],
  },
  {
    name: Topics.policyRecommendations,
    description: 'Threshold and trust-level recommendations measured from human feedback.',
    key: 'workflow',
    payload: PolicyRecommendationV1,
    producers: ['feedback'],
    consumers: ['platform teams'],
  },
];
