/**
 * What became of a transaction whose commit request got no answer (a request timeout, a dropped connection): it may
 * have reached the coordinator and committed, or not and be aborted. Guessing wrong either way breaks exactly-once:
 * treated as aborted, the batch runs again and its outputs are published twice (the fault drill saw this after a 70 s
 * broker pause: the router's commit timed out at 30 s, the broker committed it on waking, the retry committed again);
 * treated as committed, an aborted batch's outputs are lost. So ask the broker:
 *
 * 1. Start a fresh producer under the same transactional id and begin (and end, empty) a transaction: its
 *    transactional InitProducerId — which kafkajs sends when a transaction begins, not on connect — does not return
 *    while the old transaction is still being completed (Kafka answers CONCURRENT_TRANSACTIONS, which kafkajs
 *    retries), and it aborts one still open — so once it returns, the transaction has its final outcome.
 * 2. Read the consumer group's committed offset of the input partition: the transaction committed the batch's
 *    offsets with its outputs, so the offset is past the batch exactly when the outputs were committed. Nobody else
 *    can have moved it past the batch in between without committing the batch's records, and the caller still holds
 *    whatever it holds for them (the router's ledger rows are locked in its open database transaction).
 *
 * A stale read can only show an older offset (Kafka applies a committed transaction's offsets just after its
 * markers), which would be taken for an abort: the one mistake that loses nothing, so the offset is read once more
 * after a pause before concluding. When the partition has meanwhile gone to another replica, this one must not start
 * a producer (it would fence the new owner); then the offset is watched until it passes the batch or the
 * coordinator's transaction timeout has certainly aborted the transaction.
 */
export type CommitOutcome = 'committed' | 'aborted';

export interface UnansweredCommit {
  /** The offset the batch's commit would have stored: its last record's offset + 1. */
  nextOffset: bigint;
  /** Starts a fresh producer under the transactional id; false when the partition is no longer this replica's. */
  reinitialise(): Promise<boolean>;
  /** The group's committed offset of the input partition (undefined: none). */
  committedOffset(): Promise<bigint | undefined>;
  /** The producer's transaction timeout: after it, the coordinator has aborted a transaction nobody completed. */
  transactionTimeoutMs: number;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Pause before the confirming read, and between reads while another replica owns the partition. */
const RECHECK_MS = 1_000;

export async function settleUnansweredCommit(commit: UnansweredCommit): Promise<CommitOutcome> {
  const started = commit.now();
  const passed = async () => ((await commit.committedOffset()) ?? -1n) >= commit.nextOffset;
  if (await commit.reinitialise()) {
    if (await passed()) return 'committed';
    await commit.sleep(RECHECK_MS);
    return (await passed()) ? 'committed' : 'aborted';
  }
  // Margin over the timeout: the coordinator checks for expired transactions periodically, not at the instant.
  const deadline = started + commit.transactionTimeoutMs + 15_000;
  while (commit.now() < deadline) {
    if (await passed()) return 'committed';
    await commit.sleep(RECHECK_MS);
  }
  return (await passed()) ? 'committed' : 'aborted';
}
