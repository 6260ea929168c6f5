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
