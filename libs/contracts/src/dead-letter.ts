/**
 * A dead-lettered record keeps its original key and value bytes unchanged (so it can be replayed as it was) and
 * carries why and where it failed in these headers, the convention Kafka Connect uses for its dead-letter queues.
 */
export const DeadLetterHeaders = {
  reason: 'countersign.dlq.reason',
  errors: 'countersign.dlq.errors',
  sourceTopic: 'countersign.dlq.source-topic',
  sourcePartition: 'countersign.dlq.source-partition',
  sourceOffset: 'countersign.dlq.source-offset',
  failedAt: 'countersign.dlq.failed-at',
  service: 'countersign.dlq.service',
} as const;

/** The reasons a record is dead-lettered, as they appear in the reason header. */
export const DEAD_LETTER_REASONS = [
  'empty_payload',
  'invalid_json',
  'not_an_object',
  'schema_violation',
  'rejected',
  // The decoder's limits (docs/dead-letters.md): what Postgres or Kafka cannot hold as it is.
  'too_large',
  'too_deep',
  'unsafe_text',
  'unsafe_number',
  'duplicate_key',
  // The handler's store refused the record (a Postgres data error, SQLSTATE class 22 or 23).
  'store_rejected',
  // The handler failed on this record alone, again and again (bounded retries), with any other error.
  'handler_failed',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** What a dead letter says about itself, read back from its headers. */
export interface DeadLetterContext {
  reason: DeadLetterReason;
  errors: string[];
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  failedAt: string;
  service: string;
}
