import { Logger } from '@nestjs/common';
import { Admin, Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createMissingTopics } from '../topic-setup';
import { decodeIdRanges, encodeIdRanges } from './id-ranges';
import { Outbox } from './outbox';

interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  pollIntervalMs?: number;
  batchSize?: number;
  /** Published rows older than this are deleted; the topic is the record of what was published. */
  retainPublishedMs?: number;
}

/**
 * Kafka-side cursor of each outbox: the id of the last row published, kept as a consumer-group offset on this
 * internal topic and committed in the same Kafka transaction as the rows themselves.
 */
export const OUTBOX_POSITIONS_TOPIC = 'countersign.internal.outbox-positions';

/**
 * Publishes outbox rows exactly once, in id order. One relay at a time per schema (a transaction-scoped advisory
 * lock), all sharing one transactional id, so a new relay fences any older one. Each batch is one Kafka transaction
 * holding the rows and the outbox cursor (the last row id, as a group offset); rows are then marked published in
 * Postgres. After a crash between the Kafka commit and the database commit, the next relay reads the cursor and marks
 * those rows published without sending them again.
 */
export class OutboxRelay {
  private readonly log = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastCleanup = 0;
  /** The producer's last transaction ended neither committed nor aborted: it must be replaced before the next. */
  private producerBroken = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.ensurePositionsTopic(this.admin);
    this.producer = await this.connectProducer();
    this.schedule(0);
  }

  /**
   * One transactional producer for the schema's relay. Connecting (InitProducerId) fences any older producer with the
   * same id and aborts a transaction it left open on the broker.
   */
  private async connectProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      transactionalId: `countersign-${this.outbox.schema}-outbox-relay`,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { initialRetryTime: 30, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
    });
    await producer.connect();
    return producer;
  }

  /**
   * Replaces the producer after a transaction that failed (seen in the fault drill: a producer left in ABORTING
   * refused every later batch, and review's outcomes stopped). Nothing is lost: the rows of that batch are still
   * unmarked, and the positions cursor tells whether its transaction committed after all.
   */
  private async replaceProducer(): Promise<void> {
    const broken = this.producer;
    this.producer = undefined;
    await broken?.disconnect().catch(() => undefined);
    this.producer = await this.connectProducer();
    this.producerBroken = false;
    this.log.warn({ msg: 'outbox relay producer replaced after an unfinished transaction' });
  }

  private get cursorGroup(): string {
    return `countersign-${this.outbox.schema}-outbox`;
  }

  private async ensurePositionsTopic(admin: Admin): Promise<void> {
    await createMissingTopics(admin, [{ topic: OUTBOX_POSITIONS_TOPIC, numPartitions: 1 }]);
  }

  /** The row ids of the last batch a committed Kafka transaction published. */
  private async lastPublishedBatch(): Promise<Set<string>> {
    const [topic] = await this.requireAdmin().fetchOffsets({
      groupId: this.cursorGroup,
      topics: [OUTBOX_POSITIONS_TOPIC],
    });
    return decodeIdRanges(topic?.partitions.find((partition) => partition.partition === 0)?.metadata);
  }

  private requireAdmin(): Admin {
    if (!this.admin) throw new Error('OutboxRelay used before start()');
    return this.admin;
  }

  /** Publishes what is pending now; tests and shutdown use it to drain. Returns how many rows it published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published === 0) return total;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let published = 0;
    try {
      if (this.producerBroken) await this.replaceProducer();
      published = await this.publishBatch();
      await this.cleanup();
    } catch (error) {
      this.log.error({ msg: 'outbox relay failed; will retry', error: (error as Error).message });
    }
    this.schedule(published > 0 ? 0 : (this.options.pollIntervalMs ?? 100));
  }

  private async publishBatch(): Promise<number> {
    const producer = this.producer;
    if (!producer) throw new Error('OutboxRelay used before start()');
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
        this.outbox.table,
      ]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, key, value, headers FROM ${this.outbox.table}
          WHERE published_at IS NULL ORDER BY id LIMIT $1`,
        [this.options.batchSize ?? 300],
      );
      if (rows.length === 0) return 0;
      // Rows still unmarked but already in the last committed Kafka batch: a crash came between the two commits.
      const alreadySent = await this.lastPublishedBatch();
      const unsent = rows.filter((row) => !alreadySent.has(String(row.id)));
      if (unsent.length > 0) await this.publishInTransaction(producer, unsent);
      await manager.query(`UPDATE ${this.outbox.table} SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
  }

  private async publishInTransaction(producer: Producer, rows: OutboxRow[]): Promise<void> {
    const ids = encodeIdRanges(rows.map((row) => BigInt(row.id)));
    const transaction = await producer.transaction().catch((error: Error) => {
      // kafkajs refuses to begin while a previous transaction is stuck in a state it cannot leave.
      if (/Transaction state exception/i.test(error.message)) this.producerBroken = true;
      throw error;
    });
    try {
      await transaction.sendBatch({ topicMessages: byTopic(rows) });
      // kafkajs passes partition metadata through to TxnOffsetCommit; its types just do not declare it.
      const position = { partition: 0, offset: rows[rows.length - 1].id, metadata: ids };
      await transaction.sendOffsets({
        consumerGroupId: this.cursorGroup,
        topics: [{ topic: OUTBOX_POSITIONS_TOPIC, partitions: [position] }],
      });
      await transaction.commit();
    } catch (error) {
      // As the consuming transport does: after a failed transaction the producer may be fenced or stuck (an abort
      // that fails leaves kafkajs in ABORTING for good), so the next batch starts with a fresh one.
      await transaction.abort().catch(() => undefined);
      this.producerBroken = true;
      throw error;
    }
  }

  private async cleanup(): Promise<void> {
    const retainMs = this.options.retainPublishedMs ?? 24 * 3600 * 1000;
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(
      `DELETE FROM ${this.outbox.table} WHERE published_at < now() - ($1::text || ' milliseconds')::interval`,
      [String(retainMs)],
    );
  }
}

function byTopic(rows: OutboxRow[]): Array<{ topic: string; messages: Message[] }> {
  const grouped = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = grouped.get(row.topic) ?? [];
    messages.push({ key: row.key, value: row.value, headers: row.headers });
    grouped.set(row.topic, messages);
  }
  return [...grouped].map(([topic, messages]) => ({ topic, messages }));
}
