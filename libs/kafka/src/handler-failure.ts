import { DeadLetterReason } from '@countersign/contracts';

/**
 * What a handler's exception says about the record it was processing:
 * - `unavailable`: a dependency is down (connection refused, lost or timed out, the server shutting down, out of
 *   disk, memory or connections, read-only after a failover), or the transaction lost a race it can win on retry
 *   (deadlock, serialization failure, lock timeout). Nothing is wrong with the record: retry with backoff for as long as it takes, never dead-letter.
 * - `data`: the store refused the data itself (Postgres SQLSTATE class 22 data exception, 23 integrity constraint,
 *   54 program limit such as an index row too large). Retrying the same record cannot help.
 * - `unknown`: anything else (a statement timeout, a bug). Retried a few times; if it repeats on one record alone,
 *   that record is permanent poison.
 */
export type HandlerFailureKind = 'unavailable' | 'data' | 'unknown';

const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  // A primary demoted to read-only by a failover: the next connection reaches the new primary.
  '25006',
  // Another transaction held the lock too long: the holder finishes, the retry gets it.
  '55P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNABORTED',
]);
// Class 08 connection exception, 53 insufficient resources (disk full, out of memory, too many connections), 58
// system error (I/O), 40 transaction rollback (deadlock, serialization failure: it takes two transactions, so a record
// retried after its rival finished succeeds; Postgres asks for exactly that retry): not the record's trouble. Were they
// retried a bounded number of times, an outage outlasting the retries would dead-letter every record of the
// partition, each one a valid decision lost.
const UNAVAILABLE_CLASSES = /^(08|40|53|58)/;
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection is not established/i,
];

interface ErrorFacts {
  code?: unknown;
  driverError?: { code?: unknown };
  message?: unknown;
  name?: unknown;
}

export function classifyHandlerFailure(error: unknown): HandlerFailureKind {
  const facts = (error ?? {}) as ErrorFacts;
  // TypeORM wraps pg's error in a QueryFailedError that copies its fields and keeps it as driverError.
  const code = String(facts.code ?? facts.driverError?.code ?? '');
  if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_CLASSES.test(code) || UNAVAILABLE_ERRNOS.has(code))
    return 'unavailable';
  if (/^(22|23|54)[0-9A-Z]{3}$/.test(code)) return 'data';
  const message = String(facts.message ?? '');
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unavailable';
  if (String(facts.name ?? '').startsWith('KafkaJSConnection')) return 'unavailable';
  return 'unknown';
}

/** The dead-letter reason for a record its handler failed on permanently. */
export function deadLetterReasonFor(kind: HandlerFailureKind): DeadLetterReason {
  return kind === 'data' ? 'store_rejected' : 'handler_failed';
}

/** One line for the dead letter's errors header: the SQLSTATE when there is one, and the message. */
export function describeHandlerFailure(error: unknown): string {
  const facts = (error ?? {}) as ErrorFacts;
  const code = facts.code ?? facts.driverError?.code;
  const message = String(facts.message ?? error).slice(0, 500);
  return code ? `SQLSTATE ${String(code)}: ${message}` : message;
}
