/**
 * The topic catalogue. Call sites use these constants, never string literals, so a rename is one edit and the
 * AsyncAPI document can be generated from the same source.
 */
export const Topics = {
  decisions: 'countersign.decisions',
  decisionsDeadLetter: 'countersign.decisions.dlq',
  decisionsRouted: 'countersign.decisions.routed',
  reviewRequested: 'countersign.review.requested',
  reviewCompleted: 'countersign.review.completed',
  decisionsFinal: 'countersign.decisions.final',
  auditEvents: 'countersign.audit.events',
  auditCheckpoints: 'countersign.audit.checkpoints',
  policyChanged: 'countersign.policy.changed',
  policyRecommendations: 'countersign.policy.recommendations',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const allTopics: readonly TopicName[] = Object.values(Topics);

/** The dead-letter topic that receives what could not be read from `topic`. */
export function deadLetterTopicFor(topic: TopicName): TopicName {
  if (topic === Topics.decisions) return Topics.decisionsDeadLetter;
  // Internal topics are written only by Countersign's own validated producers; a record there that fails to decode
  // is a bug, and it is parked beside the input's dead letters so that nothing is lost and one place is watched.
  return Topics.decisionsDeadLetter;
}
