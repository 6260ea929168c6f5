import { DeadLetterReason } from '@countersign/contracts';
import { OutboundRecord } from './records';

/**
 * What a handler decided about one record. Handlers return it instead of publishing or throwing, so the transport can
 * publish the records and commit the input offset together, and a bad record becomes a dead letter, not a crash.
 * An exception still means "could not process now": the batch is retried from the last committed offset.
 */
export type RecordOutcome =
  { kind: 'publish'; records: OutboundRecord[] } | { kind: 'dead-letter'; reason: DeadLetterReason; errors: string[] };

export const RecordOutcome = {
  publish: (...records: OutboundRecord[]): RecordOutcome => ({ kind: 'publish', records }),
  done: (): RecordOutcome => ({ kind: 'publish', records: [] }),
  deadLetter: (reason: DeadLetterReason, errors: string[]): RecordOutcome => ({ kind: 'dead-letter', reason, errors }),
};

/**
 * What a batch handler (`@EventPattern(topic, { batch: true })`) returns: one outcome per input record, in order, and
 * optionally work to finish once the transport knows whether the outputs were committed — e.g. commit or roll back a
 * database transaction that must only stand if the Kafka transaction did.
 */
export interface BatchResult {
  outcomes: RecordOutcome[];
  afterCommit?: () => Promise<void>;
  afterAbort?: () => Promise<void>;
}
