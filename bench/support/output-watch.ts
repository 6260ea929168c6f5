import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Consumer, Kafka } from 'kafkajs';
import { DeliveryTally } from './delivery-tally';
import { formatCount, progress, sleep } from './progress';

/** Epoch milliseconds with sub-millisecond resolution, comparable across the bench process. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Watches output topics the way a downstream system would: a fresh consumer group, read_committed (aborted or
 * still-open transactions are never seen). Records when it first and last saw a record and, for latency, hands every
 * record's key and the time it was seen to `onRecord`; with a `tally`, counts every key's sightings (exactly once?) and is
 * done when every expected key was seen, whatever else came. The bench process does nothing else while a system runs, so
 * the watcher never competes with the pass-through or the router for their event loops.
 */
export class OutputWatch {
  count = 0;
  firstAt?: number;
  /** How many records came with the first output seen (a whole batch's transaction becomes visible at once). */
  countAtFirst = 0;
  lastAt?: number;
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly onRecord?: (key: string, observedAt: number) => void,
    readonly tally?: DeliveryTally,
  ) {}

  /** Records seen, or with a tally the expected keys seen at least once. */
  get delivered(): number {
    return this.tally ? this.tally.delivered : this.count;
  }

  /** Returns once the watcher has joined its group and is fetching, so it cannot miss the first output's time. */
  async start(topics: readonly string[]): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `bench-watch-${randomUUID()}`,
      readUncommitted: false,
      // Short, so that an idle watcher's fetch never delays seeing a record (it returns as soon as one is there).
      maxWaitTimeInMs: 10,
      // Large enough for the router's biggest output record batches.
      maxBytesPerPartition: 16 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      sessionTimeout: 30_000,
    });
    this.consumer = consumer;
    let joined = false;
    let fetchingAfterJoin = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    consumer.on(consumer.events.FETCH, () => {
      if (joined) fetchingAfterJoin = true;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const observedAt = nowMs();
        if (batch.messages.length === 0) return;
        if (this.firstAt === undefined) {
          this.firstAt = observedAt;
          this.countAtFirst = batch.messages.length;
        }
        this.lastAt = observedAt;
        this.count += batch.messages.length;
        if (this.onRecord || this.tally)
          for (const message of batch.messages) {
            const key = message.key?.toString('utf8') ?? '';
            this.tally?.record(key);
            this.onRecord?.(key, observedAt);
          }
      },
    });
    const deadline = Date.now() + 30_000;
    while (!fetchingAfterJoin) {
      if (Date.now() > deadline) throw new Error('the output watcher did not join its group within 30 s');
      await sleep(20);
    }
  }

  /**
   * Waits until `expected` records (with a tally: expected keys) were seen, printing progress; fails if nothing new arrives for `stallMs` (the
   * system under test died or stopped routing, e.g. everything went to the dead-letter topic).
   */
  async waitFor(
    expected: number,
    label: string,
    isAlive: () => boolean,
    stallMs = 60_000,
    onFirstOutput?: () => void,
  ): Promise<void> {
    let lastCount = -1;
    let firstSeen = false;
    let lastChange = Date.now();
    let lastPrint = Date.now();
    while (this.delivered < expected) {
      if (!isAlive())
        throw new Error(`${label}: the system under test exited after ${this.delivered} of ${expected} outputs`);
      if (!firstSeen && this.count > 0) {
        firstSeen = true;
        onFirstOutput?.();
      }
      if (this.count !== lastCount) {
        lastCount = this.count;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        throw new OutputStalled(`${label}: no new output for ${stallMs / 1000} s (${this.delivered} of ${expected})`);
      }
      if (Date.now() - lastPrint >= 2_000) {
        lastPrint = Date.now();
        const window = this.firstAt && this.lastAt ? (this.lastAt - this.firstAt) / 1000 : 0;
        const rate = window > 0 ? ` (${formatCount(this.count / window)}/s so far)` : '';
        progress(`  ${label}: ${formatCount(this.delivered)} of ${formatCount(expected)} outputs${rate}`);
      }
      await sleep(5);
    }
  }

  /**
   * Waits until nothing new has arrived for `quietMs` (at most `timeoutMs`): after the system stopped, what its last
   * transactions and any rebalance of its shutdown published is then seen too — a late duplicate included.
   */
  async settle(quietMs = 1_000, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = this.count;
    let lastChange = Date.now();
    while (Date.now() - lastChange < quietMs && Date.now() < deadline) {
      await sleep(20);
      if (this.count !== last) {
        last = this.count;
        lastChange = Date.now();
      }
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** The system under test is alive but has published nothing new for a while: a stall, not a crash. */
export class OutputStalled extends Error {}

/** Counts what is on `topics` (read_committed) until `expected` records were seen or `timeoutMs` passed. */
export async function countRecords(kafka: Kafka, topics: readonly string[], expected: number, timeoutMs = 30_000) {
  const watch = new OutputWatch(kafka);
  await watch.start(topics);
  const deadline = Date.now() + timeoutMs;
  while (watch.count < expected && Date.now() < deadline) await sleep(20);
  await watch.stop();
  return watch.count;
}
