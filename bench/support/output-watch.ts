import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Consumer, Kafka } from 'kafkajs';
import { formatCount, progress, sleep } from './progress';

/** Epoch milliseconds with sub-millisecond resolution, comparable across the bench process. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Watches output topics the way a downstream system would: a fresh consumer group, read_committed (aborted or
 * still-open transactions are never seen). Records when it first and last saw a record and, for latency, hands every
 * record's key and the time it was seen to `onRecord`. The bench process does nothing else while a system runs, so
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
  ) {}

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
        if (this.onRecord)
          for (const message of batch.messages) this.onRecord(message.key?.toString('utf8') ?? '', observedAt);
      },
    });
    const deadline = Date.now() + 30_000;
    while (!fetchingAfterJoin) {
      if (Date.now() > deadline) throw new Error('the output watcher did not join its group within 30 s');
      await sleep(20);
    }
  }

  /**
   * Waits until `expected` records were seen, printing progress; fails if nothing new arrives for `stallMs` (the
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
    while (this.count < expected) {
      if (!isAlive())
        throw new Error(`${label}: the system under test exited after ${this.count} of ${expected} outputs`);
      if (!firstSeen && this.count > 0) {
        firstSeen = true;
        onFirstOutput?.();
      }
      if (this.count !== lastCount) {
        lastCount = this.count;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        throw new Error(`${label}: no new output for ${stallMs / 1000} s (${this.count} of ${expected})`);
      }
      if (Date.now() - lastPrint >= 2_000) {
        lastPrint = Date.now();
        const window = this.firstAt && this.lastAt ? (this.lastAt - this.firstAt) / 1000 : 0;
        const rate = window > 0 ? ` (${formatCount(this.count / window)}/s so far)` : '';
        progress(`  ${label}: ${formatCount(this.count)} of ${formatCount(expected)} outputs${rate}`);
      }
      await sleep(5);
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Counts what is on `topics` (read_committed) until `expected` records were seen or `timeoutMs` passed. */
export async function countRecords(kafka: Kafka, topics: readonly string[], expected: number, timeoutMs = 30_000) {
  const watch = new OutputWatch(kafka);
  await watch.start(topics);
  const deadline = Date.now() + timeoutMs;
  while (watch.count < expected && Date.now() < deadline) await sleep(20);
  await watch.stop();
  return watch.count;
}
