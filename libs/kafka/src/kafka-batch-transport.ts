import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { DEAD_LETTER_REASONS } from '@countersign/contracts';
import { Admin, Consumer, EachBatchPayload, Kafka, Partitioners, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { deadLetterRecord } from './dead-letter-record';
import { batchIsolationPolicy } from './batch-isolation-policy';
import { consumerMetrics } from './consumer-metrics';
import { isolatePoison } from './isolate-poison';
import { kafkaMetrics } from './kafka-metrics';
import { BatchResult, RecordOutcome } from './record-outcome';
import { groupByTopic, slicesOf } from './output-slices';
import { InboundRecord, OutboundRecord } from './records';
import { BatchTrace, withTraceHeaders } from './trace-context';
import { CommitOutcome, settleUnansweredCommit } from './unanswered-commit';

/**
 * A transaction left open this long is aborted by the coordinator (kafkajs's default, stated so that the wait after
 * an unanswered commit is tied to it).
 */
const TRANSACTION_TIMEOUT_MS = 60_000;

export type DeliveryMode =
  /** Consume-transform-produce in one Kafka transaction: outputs and the input offset commit together. */
  | 'transactional'
  /** Outputs are published, then the offset is committed; handlers must be idempotent (they dedupe in Postgres). */
  | 'at-least-once';

export interface KafkaBatchTransportOptions {
  kafka: Kafka;
  groupId: string;
  serviceName: string;
  mode: DeliveryMode;
  /**
   * Prefix of the transactional ids: each input partition gets its own producer, `<prefix>-<topic>-<partition>`, so
   * whichever replica owns a partition next fences the previous owner's open transaction (a restart or a rebalance
   * can never commit twice), and partitions commit concurrently.
   */
  transactionalIdPrefix?: string;
  /** Partitions processed at once; transactional mode overlaps their database and broker round trips. */
  concurrency?: number;
  sessionTimeoutMs?: number;
  /** How long close() waits for the batch in flight and the disconnect. */
  shutdownTimeoutMs?: number;
  /** Tries of a failing set of records before it is bisected (a record failing alone that often is dead-lettered). */
  maxAttempts?: number;
  clock?: () => Date;
}

/**
 * A Nest transport strategy over kafkajs `eachBatch`. The stock Kafka transport hands handlers one message at a
 * time with auto-commit and cannot publish and commit atomically; the guarantees Countersign promises (exactly one
 * routed event per decision, nothing lost on a bad record) need the batch, the offsets and the producer in one hand.
 * See docs/decisions/0002-kafka-batch-transport.md.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KafkaBatchTransport.name);
  private consumer?: Consumer;
  private producer?: Producer;
  private readonly partitionProducers = new Map<string, Promise<Producer>>();
  /** Only for reading committed offsets after an unanswered commit; connected on first need. */
  private admin?: Promise<Admin>;
  private closing = false;
  /** `<topic>-<partition>` of the latest assignment (GROUP_JOIN); undefined before the first join. */
  private assigned?: ReadonlySet<string>;
  private readonly clock: () => Date;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
    this.clock = options.clock ?? (() => new Date());
    if (options.mode === 'transactional' && !options.transactionalIdPrefix) {
      throw new Error('KafkaBatchTransport: transactional mode needs a transactionalIdPrefix');
    }
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const { kafka, groupId, mode } = this.options;
    if (mode === 'at-least-once') {
      this.producer = this.newProducer();
      await this.producer.connect();
    }

    this.consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 15_000,
      heartbeatInterval: 1_000,
      // Bounds how long a shutdown waits for an idle fetch to return.
      maxWaitTimeInMs: 1_000,
      // Consumers of transactional outputs must never see aborted records.
      readUncommitted: false,
    });
    // A crash kafkajs will not restart from leaves the service looking healthy while it consumes nothing: exit, so a
    // supervisor restarts it and redelivery resumes from the committed offsets.
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.log.error({ msg: 'consumer crashed and will not restart; exiting', error: String(payload.error) });
      process.exit(1);
    });
    // After every rebalance: the producers of partitions this replica no longer owns hold broker connections and a
    // transactional id the new owner has fenced; close them.
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) =>
      this.closeProducersOfRevoked(payload.memberAssignment),
    );
    this.watchConsumer(this.consumer, groupId);
    await this.consumer.connect();
    const topics = [...this.getHandlers().keys()];
    await this.consumer.subscribe({ topics, fromBeginning: true });
    this.primeDeadLetterSeries(topics);
    await this.consumer.run({
      autoCommit: mode === 'at-least-once',
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency ?? 6,
      eachBatch: (payload) => this.processBatch(payload),
    });
    this.log.log({ msg: 'consuming', groupId, topics, mode });
  }

  /** Lag and rebalances for deploy/prometheus/alerts.yml, from kafkajs' instrumentation events. */
  private watchConsumer(consumer: Consumer, group: string): void {
    const lag = kafkaMetrics.consumerLag();
    const joins = kafkaMetrics.rebalances();
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
      lag.set({ group, topic: payload.topic, partition: String(payload.partition) }, Number(payload.offsetLag)),
    );
    consumer.on(consumer.events.GROUP_JOIN, () => joins.inc({ group }));
  }

  /**
   * Every (topic, reason) dead-letter series at zero from the start: a series that first appears at 1 is invisible to
   * rate() and increase(), so the first dead letters would never page (docs/operations.md, "Dead letters").
   */
  private primeDeadLetterSeries(topics: string[]): void {
    const { deadLetters } = consumerMetrics();
    for (const topic of topics)
      for (const reason of DEAD_LETTER_REASONS)
        deadLetters.inc({ service: this.options.serviceName, topic, reason }, 0);
  }

  private async processBatch(payload: EachBatchPayload) {
    const { batch, isRunning, isStale } = payload;
    const handler = this.getHandlerByPattern(batch.topic);
    if (!handler) throw new Error(`no handler for topic ${batch.topic}`);
    if (!isRunning() || isStale() || batch.messages.length === 0) return;

    const records: InboundRecord[] = batch.messages.map((message) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers ?? {},
      timestamp: message.timestamp,
    }));
    const trace = new BatchTrace(records, this.options.groupId);
    const invoke = (subset: InboundRecord[]) =>
      handler.extras?.batch
        ? trace.run(subset, () => this.invokeBatch(handler, subset), records)
        : this.invokeEach(handler, subset, trace, records);
    try {
      await this.processTraced(payload, records, invoke, trace);
      trace.end();
    } catch (error) {
      trace.end(error);
      throw error;
    }
  }

  private async processTraced(
    payload: EachBatchPayload,
    records: InboundRecord[],
    invoke: (subset: InboundRecord[]) => Promise<BatchResult>,
    trace: BatchTrace,
  ) {
    const { heartbeat } = payload;
    // A long batch (a backlog through audit's hash chain, a bisection) must not outlive the session: heartbeat while
    // the handler works, or the broker expels the member and every partition rebalances. kafkajs sends at most one
    // heartbeat per heartbeatInterval; one refused (a rebalance under way) is left for the commit to notice.
    const keepAlive = setInterval(() => void heartbeat().catch(() => undefined), 1_000);
    let result: BatchResult;
    try {
      result = await isolatePoison(
        records,
        invoke,
        batchIsolationPolicy(
          payload,
          {
            serviceName: this.options.serviceName,
            mode: this.options.mode,
            maxAttempts: this.options.maxAttempts ?? 3,
          },
          this.log,
        ),
      );
    } finally {
      clearInterval(keepAlive);
    }
    const outputs = this.outputsOf(records, result.outcomes, trace);
    await this.commit(payload, records, outputs, result);
  }

  /** Publishes the outputs and commits the offset (together, in transactional mode), then runs afterCommit. */
  private async commit(
    payload: EachBatchPayload,
    records: InboundRecord[],
    outputs: OutboundRecord[],
    result: BatchResult,
  ) {
    const { batch, heartbeat, resolveOffset, commitOffsetsIfNecessary } = payload;
    const lastOffset = records[records.length - 1].offset;

    try {
      if (this.options.mode === 'transactional') {
        await this.commitTransaction(batch.topic, batch.partition, lastOffset, outputs, heartbeat);
      } else {
        await this.publish(outputs);
      }
    } catch (error) {
      await result.afterAbort?.();
      throw error;
    }
    // The outputs and offsets are committed: whatever follows must not make the batch run again.
    await result.afterCommit?.().catch((error: unknown) =>
      this.log.error({
        msg: 'after-commit step failed',
        topic: batch.topic,
        partition: batch.partition,
        error: String(error),
      }),
    );
    resolveOffset(lastOffset);
    if (this.options.mode === 'at-least-once') await commitOffsetsIfNecessary();
    await heartbeat();
  }

  /** A per-record handler's records one after the other; a throw is the batch's (isolatePoison finds the record). */
  private async invokeEach(
    handler: MessageHandler,
    records: InboundRecord[],
    trace: BatchTrace,
    batch: InboundRecord[],
  ): Promise<BatchResult> {
    const outcomes: RecordOutcome[] = [];
    for (const record of records) {
      const result = await trace.run(
        [record],
        async () => lastValueFrom(this.transformToObservable(await handler(record)), { defaultValue: undefined }),
        batch,
      );
      outcomes.push((result as RecordOutcome | undefined) ?? RecordOutcome.done());
    }
    return { outcomes };
  }

  private async invokeBatch(handler: MessageHandler, records: InboundRecord[]): Promise<BatchResult> {
    const result = (await lastValueFrom(this.transformToObservable(await handler(records)))) as BatchResult;
    if (result.outcomes.length !== records.length) {
      await result.afterAbort?.();
      throw new Error(`batch handler returned ${result.outcomes.length} outcomes for ${records.length} records`);
    }
    return result;
  }

  /** The records to publish for a batch, each carrying the trace context of the input that caused it. */
  private outputsOf(records: InboundRecord[], outcomes: RecordOutcome[], trace: BatchTrace): OutboundRecord[] {
    return outcomes.flatMap((outcome, index) =>
      this.outputsOfOne(records[index], outcome).map((output) => withTraceHeaders(output, trace.contextOf(index))),
    );
  }

  private outputsOfOne(record: InboundRecord, outcome: RecordOutcome): OutboundRecord[] {
    if (outcome.kind === 'publish') return outcome.records;
    consumerMetrics().deadLetters.inc({
      service: this.options.serviceName,
      topic: record.topic,
      reason: outcome.reason,
    });
    this.log.warn({
      msg: 'dead-lettered',
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      reason: outcome.reason,
      errors: outcome.errors,
    });
    return [deadLetterRecord(record, outcome.reason, outcome.errors, this.options.serviceName, this.clock())];
  }

  private newProducer(transactionalId?: string): Producer {
    return this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      transactionalId,
      transactionTimeout: TRANSACTION_TIMEOUT_MS,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Back-to-back transactions meet CONCURRENT_TRANSACTIONS while the coordinator finishes the previous one;
      // kafkajs's default 300 ms first retry would dominate latency, so retry sooner. An idempotent producer must
      // not give up (a limited retry count can break its sequence guarantees): a broker outage stalls, loses nothing.
      retry: { initialRetryTime: 30, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
    });
  }

  /**
   * The transactional producer of one input partition, created (and fencing any older owner) on first use. A connect
   * that fails is forgotten, so the batch's retry connects afresh instead of awaiting the same rejection forever.
   */
  private producerFor(topic: string, partition: number): Promise<Producer> {
    const key = `${topic}-${partition}`;
    // A batch still in flight for a partition a rebalance took away: a fresh producer under its transactional id would
    // fence the new owner and commit this replica's outputs and offsets for a partition it no longer owns.
    if (this.assigned && !this.assigned.has(key)) {
      return Promise.reject(new PartitionRevokedError(key));
    }
    let producer = this.partitionProducers.get(key);
    if (!producer) {
      const created = this.newProducer(`${this.options.transactionalIdPrefix}-${key}`);
      const connecting: Promise<Producer> = created.connect().then(
        () => created,
        (error: unknown) => {
          if (this.partitionProducers.get(key) === connecting) this.partitionProducers.delete(key);
          void created.disconnect().catch(() => undefined);
          throw error;
        },
      );
      producer = connecting;
      this.partitionProducers.set(key, producer);
    }
    return producer;
  }

  /** After a failed transaction the producer may be fenced or in an unknown state: the retry starts a fresh one. */
  private discardProducer(topic: string, partition: number): void {
    this.discardProducerByKey(`${topic}-${partition}`);
  }

  private discardProducerByKey(key: string): void {
    const producer = this.partitionProducers.get(key);
    this.partitionProducers.delete(key);
    void producer?.then((stale) => stale.disconnect()).catch(() => undefined);
  }

  private closeProducersOfRevoked(assignment: Record<string, number[]>): void {
    const owned = new Set(
      Object.entries(assignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => `${topic}-${partition}`),
      ),
    );
    this.assigned = owned;
    for (const key of [...this.partitionProducers.keys()]) {
      if (owned.has(key)) continue;
      this.log.log({ msg: 'partition revoked; closing its producer', producer: key });
      this.discardProducerByKey(key);
    }
  }

  private async commitTransaction(
    topic: string,
    partition: number,
    lastOffset: string,
    outputs: OutboundRecord[],
    heartbeat: () => Promise<void>,
  ) {
    const producer = await this.producerFor(topic, partition);
    const transaction = await producer.transaction();
    const nextOffset = BigInt(lastOffset) + 1n;
    let commitSent = false;
    try {
      // Sent in slices: a backlog batch's outputs can exceed the broker's request and message limits (1 MiB by
      // default), which the broker would refuse outright.
      for (const slice of slicesOf(outputs)) await transaction.sendBatch({ topicMessages: groupByTopic(slice) });
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic, partitions: [{ partition, offset: nextOffset.toString() }] }],
      });
      commitSent = true;
      await transaction.commit();
    } catch (error) {
      this.discardProducer(topic, partition);
      if (
        commitSent &&
        (await this.outcomeOfUnansweredCommit(topic, partition, nextOffset, heartbeat, error)) === 'committed'
      ) {
        return;
      }
      kafkaMetrics.transactionAborts().inc({ source: this.options.groupId });
      // A fresh producer's init aborts it anyway; an explicit abort only frees the coordinator sooner.
      if (!commitSent) await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  /**
   * The commit got no answer: find out from the broker what became of it ({@link settleUnansweredCommit}). Asked again
   * until it answers: while the outcome is unknown the batch neither commits its side effects nor runs again (an
   * outage stalls the partition, as any other does); only a shutdown gives up, and then what the handler holds is
   * rolled back — if the transaction did commit, its outputs stand and its offset moved, so nothing runs twice.
   */
  private async outcomeOfUnansweredCommit(
    topic: string,
    partition: number,
    nextOffset: bigint,
    heartbeat: () => Promise<void>,
    error: unknown,
  ): Promise<CommitOutcome> {
    this.log.warn({
      msg: 'commit unanswered; asking the broker what became of it',
      topic,
      partition,
      error: String(error),
    });
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    for (let attempt = 1; ; attempt += 1) {
      if (this.closing) throw new Error(`shutting down with the outcome of ${topic}-${partition}'s commit unknown`);
      try {
        const outcome = await settleUnansweredCommit({
          nextOffset,
          reinitialise: () => this.reinitialise(topic, partition, heartbeat),
          committedOffset: () => this.committedOffset(topic, partition),
          transactionTimeoutMs: TRANSACTION_TIMEOUT_MS,
          sleep,
          now: () => Date.now(),
        });
        kafkaMetrics.unansweredCommits().inc({ source: this.options.groupId, outcome });
        this.log.warn({ msg: `unanswered commit was ${outcome}`, topic, partition, nextOffset: nextOffset.toString() });
        return outcome;
      } catch (failure) {
        this.log.warn({
          msg: 'could not settle the unanswered commit yet; asking again',
          topic,
          partition,
          attempt,
          error: String(failure),
        });
        await sleep(Math.min(1_000 * attempt, 5_000));
      }
    }
  }

  /**
   * A producer under the partition's transactional id that has run the transactional InitProducerId — which kafkajs
   * does only when a transaction begins, not on connect: the coordinator answers it only once the old transaction is
   * complete, aborting it if still open. False when the partition is no longer this replica's: checked by a heartbeat
   * first (after a stall past the session timeout the assignment this replica remembers may be stale, and
   * re-initialising would fence the partition's new owner).
   */
  private async reinitialise(topic: string, partition: number, heartbeat: () => Promise<void>): Promise<boolean> {
    try {
      await heartbeat();
    } catch {
      return false;
    }
    let producer: Producer;
    try {
      producer = await this.producerFor(topic, partition);
    } catch (error) {
      if (error instanceof PartitionRevokedError) return false;
      this.discardProducer(topic, partition);
      throw error;
    }
    try {
      // Empty: kafkajs sends no EndTxn for it, and the producer is ready for the batch's retry.
      const transaction = await producer.transaction();
      await transaction.abort();
      return true;
    } catch (error) {
      this.discardProducer(topic, partition);
      throw error;
    }
  }

  private async committedOffset(topic: string, partition: number): Promise<bigint | undefined> {
    const admin = await this.connectedAdmin();
    const [fetched] = await admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] });
    const offset = fetched?.partitions.find((entry) => entry.partition === partition)?.offset;
    return offset === undefined || Number(offset) < 0 ? undefined : BigInt(offset);
  }

  private async publish(outputs: OutboundRecord[]) {
    for (const slice of slicesOf(outputs))
      await this.requireProducer().sendBatch({ topicMessages: groupByTopic(slice) });
  }

  private connectedAdmin(): Promise<Admin> {
    if (this.closing) return Promise.reject(new Error('the transport is closing'));
    if (!this.admin) {
      const admin = this.options.kafka.admin();
      this.admin = admin.connect().then(
        () => admin,
        (error: unknown) => {
          this.admin = undefined;
          throw error;
        },
      );
    }
    return this.admin;
  }

  private requireProducer(): Producer {
    if (!this.producer) throw new Error('KafkaBatchTransport used before listen()');
    return this.producer;
  }

  /**
   * Stops fetching, lets the batch in flight finish and commit, then disconnects. Bounded: with the broker gone a
   * disconnect retries forever, and a shutdown must still end (whatever was not committed is redelivered).
   */
  async close(): Promise<void> {
    this.closing = true;
    const limitMs = this.options.shutdownTimeoutMs ?? 15_000;
    const finished = await withinTime(
      (async () => {
        await this.consumer?.disconnect();
        await this.producer?.disconnect();
        await this.admin?.then((admin) => admin.disconnect()).catch(() => undefined);
        const producers = await Promise.allSettled(this.partitionProducers.values());
        await Promise.allSettled(
          producers.map((result) => (result.status === 'fulfilled' ? result.value.disconnect() : undefined)),
        );
      })(),
      limitMs,
    );
    if (finished) this.log.log({ msg: 'stopped consuming', groupId: this.options.groupId });
    else
      this.log.warn({ msg: 'gave up waiting for Kafka at shutdown; uncommitted records will be redelivered', limitMs });
  }

  on(): never {
    throw new Error('KafkaBatchTransport does not emit transport events');
  }

  unwrap<T>(): T {
    return { consumer: this.consumer, producer: this.producer, partitionProducers: this.partitionProducers } as T;
  }
}

async function withinTime(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = work.then(() => true);
  try {
    return await Promise.race([done, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A batch's partition was taken from this replica by a rebalance: it must not produce for it any more. */
class PartitionRevokedError extends Error {
  constructor(key: string) {
    super(`partition ${key} is no longer assigned to this replica; batch abandoned`);
  }
}
