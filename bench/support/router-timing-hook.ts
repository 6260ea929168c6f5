// Loaded into the profiled router process only (`node --require tsx/cjs --require <this file> main.js`): times, from
// outside and without touching the router's code, what each batch of decisions waits for — the Kafka transaction
// steps (kafkajs Transaction methods) and the Postgres ledger statements (pg Client.query) — and writes the totals to
// BENCH_TIMING_FILE when the process is told to stop. The rest of a batch's wall time is the router's own CPU work.
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Consumer, ConsumerConfig, ConsumerRunConfig, Kafka, Producer, ProducerConfig, Transaction } from 'kafkajs';
import { Client } from 'pg';

export interface StepTotal {
  calls: number;
  ms: number;
}

export interface RouterTiming {
  batches: number;
  records: number;
  /** Sum of the wall time spent inside eachBatch for the input topic. */
  batchMs: number;
  /** First batch start → last batch end. */
  spanMs: number;
  /** Time with at least one batch in flight (batches of different partitions may overlap). */
  busyMs: number;
  maxConcurrent: number;
  steps: Record<string, StepTotal>;
  /** Every request the transactional producer sent, by Kafka API (count and broker round-trip time). */
  requests: Record<string, StepTotal>;
  transactions: number;
}

const INPUT_TOPIC = process.env.BENCH_TIMED_TOPIC ?? 'countersign.decisions';
const timing: RouterTiming = {
  batches: 0,
  records: 0,
  batchMs: 0,
  spanMs: 0,
  busyMs: 0,
  maxConcurrent: 0,
  steps: {},
  requests: {},
  transactions: 0,
};
let active = 0;
let busySince = 0;
// Marks the async work a batch of input records started, so that what other parts of the process do meanwhile (the
// outbox relay's polling, health checks) is not counted as the batch's waiting.
const inBatch = new AsyncLocalStorage<boolean>();
let firstBatchAt: number | undefined;

function record(step: string, started: number): void {
  const total = (timing.steps[step] ??= { calls: 0, ms: 0 });
  total.calls += 1;
  total.ms += performance.now() - started;
}

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  if (!inBatch.getStore()) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    record(step, started);
  }
}

type AsyncMethod = (...args: never[]) => Promise<unknown>;

function timeMethod(target: object, method: string, step: string): void {
  const holder = target as Record<string, AsyncMethod>;
  const original = holder[method];
  if (typeof original !== 'function') return;
  holder[method] = (...args: never[]) => timed(step, () => original.apply(target, args));
}

const originalProducer = Kafka.prototype.producer;
Kafka.prototype.producer = function producer(this: Kafka, config?: ProducerConfig): Producer {
  const created = originalProducer.call(this, config);
  if (!config?.transactionalId) return created;
  created.on(created.events.REQUEST, ({ payload }) => {
    const total = (timing.requests[payload.apiName] ??= { calls: 0, ms: 0 });
    total.calls += 1;
    total.ms += payload.duration;
  });
  const originalTransaction = created.transaction.bind(created);
  created.transaction = async (): Promise<Transaction> => {
    if (inBatch.getStore()) timing.transactions += 1;
    const transaction = await timed('kafka: begin transaction', originalTransaction);
    timeMethod(transaction, 'send', 'kafka: produce outputs (AddPartitionsToTxn + Produce)');
    timeMethod(transaction, 'sendBatch', 'kafka: produce outputs (AddPartitionsToTxn + Produce)');
    timeMethod(transaction, 'sendOffsets', 'kafka: sendOffsets (AddOffsetsToTxn + TxnOffsetCommit)');
    timeMethod(transaction, 'commit', 'kafka: commit (EndTxn)');
    timeMethod(transaction, 'abort', 'kafka: abort');
    return transaction;
  };
  return created;
};

const originalConsumer = Kafka.prototype.consumer;
Kafka.prototype.consumer = function consumer(this: Kafka, config: ConsumerConfig): Consumer {
  const created = originalConsumer.call(this, config);
  const originalRun = created.run.bind(created);
  created.run = (runConfig?: ConsumerRunConfig) => {
    const eachBatch = runConfig?.eachBatch;
    if (!eachBatch) return originalRun(runConfig);
    return originalRun({
      ...runConfig,
      eachBatch: async (payload) => {
        if (payload.batch.topic !== INPUT_TOPIC || payload.batch.messages.length === 0) return eachBatch(payload);
        const started = performance.now();
        firstBatchAt ??= started;
        if (active === 0) busySince = started;
        active += 1;
        timing.maxConcurrent = Math.max(timing.maxConcurrent, active);
        try {
          await inBatch.run(true, () => eachBatch(payload));
        } finally {
          const ended = performance.now();
          active -= 1;
          if (active === 0) timing.busyMs += ended - busySince;
          timing.batches += 1;
          timing.records += payload.batch.messages.length;
          timing.batchMs += ended - started;
          timing.spanMs = ended - firstBatchAt;
        }
      },
    });
  };
  return created;
};

type Query = (...args: unknown[]) => unknown;
const clientPrototype = Client.prototype as unknown as { query: Query };
const originalQuery = clientPrototype.query;
clientPrototype.query = function query(this: Client, ...args: unknown[]): unknown {
  const started = performance.now();
  const result = originalQuery.apply(this, args);
  if (result instanceof Promise && inBatch.getStore()) {
    const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text ?? '');
    const step = `postgres: ${text.trim().split(/\s+/).slice(0, 3).join(' ').replace(/\(.*$/, '')}`;
    void result.then(
      () => record(step, started),
      () => record(step, started),
    );
  }
  return result;
};

function writeTiming(): void {
  const file = process.env.BENCH_TIMING_FILE;
  if (file) writeFileSync(file, JSON.stringify(timing, null, 2));
}

// Nest re-raises the stop signal once it has shut down; the first one finds the run done, the second one ends us.
let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    writeTiming();
    signals += 1;
    if (signals > 1) process.exit(0);
  });
}
process.on('exit', writeTiming);
