import { Logger } from '@nestjs/common';
import { Admin, Kafka, Partitioners, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { kafkaMetrics } from '../kafka-metrics';
import { groupByTopic, slicesOf } from '../output-slices';
import { OutboundRecord } from '../records';
import { createMissingTopics } from '../topic-setup';
import { decodeIdRanges, encodeIdRanges } from './id-ranges';
import { Outbox } from './outbox';

const DEFAULT_BATCH_SIZE = 300;

interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  /** How often an idle relay looks for new rows, and a follower for a vanished leader. Default 100 ms. */
  pollIntervalMs?: number;
  batchSize?: number;
  /**
   * After a batch smaller than batchSize, wait this long before the next (default 20 ms): rows arriving meanwhile
   * share one Kafka transaction instead of paying ~10 broker round trips each. A full batch goes on at once.
   */
  lingerMs?: number;
  /** How often a follower tries to become the relay when the leader is gone. Default 1 s. */
  leadershipRetryMs?: number;
}

/**
 * Kafka-side cursor of each outbox: the id of the last row published, kept as a consumer-group offset on this
 * internal topic and committed in the same Kafka transaction as the rows themselves.
 */
export const OUTBOX_POSITIONS_TOPIC = 'countersign.internal.outbox-positions';

/**
 * Publishes outbox rows exactly once, in id order (ADR 4). Of a service's replicas one relay leads (a session advisory
 * lock held on its own connection; the others retry every leadershipRetryMs and take over when the leader's session
 * ends), so replicas do not fence each other's producers batch after batch; all share one transactional id, and a new
 * leader fences any zombie before it reads anything. Each batch is one Kafka transaction holding the rows and the
 * outbox cursor (the batch's row ids, as a group offset's metadata); the rows are then deleted in Postgres. After a
 * crash between the Kafka commit and the database commit, the cursor names the rows that were sent: the relay reads it
 * whenever it may be stale — on taking the lead and after any failure — and deletes those rows without sending them
 * again.
 */
export class OutboxRelay {
  private readonly log = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** The producer's last transaction ended neither committed nor aborted: it must be replaced before the next. */
  private producerBroken = false;
  /** The connection holding the leader's lock; undefined while following. */
  private leadership?: PoolClient;
  private lastLeadershipAttempt = 0;
  /**
   * Whether the Kafka cursor may name rows still in the table: true until this relay's own batches have settled the
   * question (start, a new lead, any failure). While false, reading it (an admin round trip per batch) is skipped.
   */
  private cursorUnchecked = true;
  /** The batch in progress has committed its Kafka transaction (its database commit is still to come). */
  private kafkaCommittedThisBatch = false;

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
    // The producer is connected on taking the lead: connecting one here would fence the leading replica's.
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
   * refused every later batch, and review's outcomes stopped), and on taking the lead. Nothing is lost: the rows of
   * that batch are still in the table, and the positions cursor tells whether its transaction committed after all.
   *
   * kafkajs sends InitProducerId — which fences any other producer with our transactional id and settles (commits or
   * aborts) a transaction it has in flight — only at the first transaction(), not at connect(). An empty transaction,
   * begun and aborted (no EndTxn is sent for it), forces that now: the cursor read after this sees the final word on
   * every older relay's batches.
   */
  private async replaceProducer(): Promise<void> {
    const broken = this.producer;
    this.producer = undefined;
    await broken?.disconnect().catch(() => undefined);
    const producer = await this.connectProducer();
    try {
      const fence = await producer.transaction();
      await fence.abort();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    this.producerBroken = false;
    if (broken) this.log.warn({ msg: 'outbox relay producer replaced (after a failed transaction, or a new lead)' });
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

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    this.stepDown();
  }

  /** True while this relay holds the lead; tries to take it (at most every leadershipRetryMs) when it does not. */
  private async lead(): Promise<boolean> {
    if (this.leadership) return true;
    if (Date.now() - this.lastLeadershipAttempt < (this.options.leadershipRetryMs ?? 1_000)) return false;
    this.lastLeadershipAttempt = Date.now();
    // Straight from TypeORM's pg pool: the lock lives as long as this session, so the connection must be closed —
    // never pooled again (release(true)) — when the relay steps down.
    const connection = await ((this.dataSource.driver as PostgresDriver).master as Pool).connect();
    // A checked-out pg client has no error listener: without one, the server closing it would crash the service.
    const onError = (error: Error) => {
      if (this.leadership !== connection) return;
      this.log.warn({ msg: 'outbox relay lost its lock connection; following', error: error.message });
      this.stepDown();
    };
    connection.on('error', onError);
    let locked: boolean;
    try {
      const { rows } = await connection.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [this.lockName],
      );
      locked = rows[0]?.locked === true;
      if (locked) {
        // If this host vanishes without closing the connection (crash, partition), the server notices within ~30 s
        // instead of the kernel's two hours, ends the session and frees the lock for another replica.
        await connection.query(
          'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3',
        );
      }
    } catch (error) {
      connection.release(true);
      throw error;
    }
    if (!locked) {
      // It holds nothing: back to the pool, without this attempt's listener (one more per second would pile up).
      connection.removeListener('error', onError);
      connection.release();
      return false;
    }
    this.leadership = connection;
    this.cursorUnchecked = true;
    // The previous leader may be a zombie still in a transaction: a fresh producer (InitProducerId) fences it.
    this.producerBroken = true;
    this.log.log({ msg: 'outbox relay leads', outbox: this.outbox.table });
    return true;
  }

  private get lockName(): string {
    return `${this.outbox.table}:relay`;
  }

  /** Gives up the lead: closing the lock's connection ends its session and so its lock. */
  private stepDown(): void {
    const connection = this.leadership;
    this.leadership = undefined;
    this.cursorUnchecked = true;
    connection?.release(true);
  }

  /** A cut connection may not fail fast (TCP retransmits for minutes): no answer within 5 s counts as lost. */
  private async leaderConnectionAlive(): Promise<boolean> {
    const connection = this.leadership;
    if (!connection) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5_000)));
    const answer = connection.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
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
      if (await this.lead()) {
        if (this.producerBroken) await this.replaceProducer();
        published = await this.publishBatch();
        await this.measureBacklog();
      }
    } catch (error) {
      this.log.error({ msg: 'outbox relay failed; will retry', error: (error as Error).message });
      // A broken leader connection means the lock may be gone already: follow until it is taken again.
      if (this.leadership && !(await this.leaderConnectionAlive())) this.stepDown();
    }
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.schedule(
      published >= batchSize ? 0 : published > 0 ? (this.options.lingerMs ?? 20) : (this.options.pollIntervalMs ?? 100),
    );
  }

  /** Backlog and age of the oldest unpublished row, for the outbox alerts (published rows are deleted, so all rows). */
  private async measureBacklog(): Promise<void> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS backlog, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
         FROM ${this.outbox.table}`,
    )) as Array<{ backlog: number; age: number }>;
    kafkaMetrics.outboxBacklog().set({ outbox: this.outbox.table }, row.backlog);
    kafkaMetrics.outboxOldestAgeSeconds().set({ outbox: this.outbox.table }, row.age);
  }

  private async publishBatch(): Promise<number> {
    const producer = this.producer;
    if (!producer) throw new Error('OutboxRelay publishing without a producer: take the lead first');
    let settled = false;
    this.kafkaCommittedThisBatch = false;
    const published = await this.dataSource
      .transaction(async (manager) => {
        // Second guard beside the lead: no two relays between their Kafka and database commits at once.
        const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
          this.outbox.table,
        ]);
        if (!locked) return 0;
        settled = true;
        return this.publishLocked(manager, producer);
      })
      .catch((error: unknown) => {
        // Whether the Kafka transaction committed before this failed is now unknown: read the cursor next time.
        this.cursorUnchecked = true;
        // After a Kafka commit that succeeded, read it only after a fresh producer's InitProducerId, which returns
        // once that transaction is complete: the broker finishes a commit a moment after answering it (its markers,
        // then the cursor offset), and kafkajs cannot ask OffsetFetch for stable offsets only — read too soon, the
        // cursor would still be the one before. (A failed Kafka commit has set this already.)
        if (this.kafkaCommittedThisBatch) this.producerBroken = true;
        throw error;
      });
    // Only a batch that held the lock and committed settles the cursor: it now names rows that are gone, and any
    // other relay's later batch would fence this one's producer, failing its next transaction (which resets this).
    if (settled) this.cursorUnchecked = false;
    return published;
  }

  private async publishLocked(manager: EntityManager, producer: Producer): Promise<number> {
    const rows: OutboxRow[] = await manager.query(
      `SELECT id, topic, key, value, headers FROM ${this.outbox.table} ORDER BY id LIMIT $1`,
      [this.options.batchSize ?? DEFAULT_BATCH_SIZE],
    );
    if (rows.length === 0) return 0;
    // Rows a committed Kafka transaction sent whose delete did not commit (a crash between the two commits). They are
    // looked up wherever they are, not only in this batch's window: ids are taken at insert and committed out of
    // order, so a row committed late can sort before them and push some of them out of the window.
    const sentEarlier = this.cursorUnchecked ? await this.stillInTable(manager, await this.lastPublishedBatch()) : [];
    const sent = new Set(sentEarlier);
    const unsent = rows.filter((row) => !sent.has(String(row.id)));
    const settled = [...new Set([...rows.map((row) => String(row.id)), ...sentEarlier])];
    // The cursor names every row this batch settles, the ones sent earlier too: should this database commit fail as
    // well, the next batch must still know that none of them is to be sent again.
    if (unsent.length > 0) {
      await this.publishInTransaction(producer, unsent, settled);
      this.kafkaCommittedThisBatch = true;
    }
    await manager.query(`DELETE FROM ${this.outbox.table} WHERE id = ANY($1::bigint[])`, [settled]);
    return rows.length;
  }

  /** Which of these row ids are still in the table. */
  private async stillInTable(manager: EntityManager, ids: Set<string>): Promise<string[]> {
    if (ids.size === 0) return [];
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM ${this.outbox.table} WHERE id = ANY($1::bigint[])`,
      [[...ids]],
    );
    return rows.map((row) => String(row.id));
  }

  private async publishInTransaction(producer: Producer, rows: OutboxRow[], settled: string[]): Promise<void> {
    const ids = settled.map((id) => BigInt(id));
    const last = ids.reduce((highest, id) => (id > highest ? id : highest));
    const transaction = await producer.transaction().catch((error: Error) => {
      // kafkajs refuses to begin while a previous transaction is stuck in a state it cannot leave.
      if (/Transaction state exception/i.test(error.message)) this.producerBroken = true;
      throw error;
    });
    try {
      // In slices, as the consuming transport does: one produce request holds a record batch per partition, and the
      // broker refuses a batch over max.message.bytes (1 MiB by default) — a backlog of large events (review.completed
      // carries the AI's output, the final output and their diff) would otherwise fail the same batch forever.
      for (const slice of slicesOf(rows.map(outboundRecord))) {
        await transaction.sendBatch({ topicMessages: groupByTopic(slice) });
      }
      // kafkajs passes partition metadata through to TxnOffsetCommit; its types just do not declare it.
      const position = { partition: 0, offset: String(last), metadata: encodeIdRanges(ids) };
      await transaction.sendOffsets({
        consumerGroupId: this.cursorGroup,
        topics: [{ topic: OUTBOX_POSITIONS_TOPIC, partitions: [position] }],
      });
      await transaction.commit();
    } catch (error) {
      // As the consuming transport does: after a failed transaction the producer may be fenced or stuck (an abort
      // that fails leaves kafkajs in ABORTING for good), so the next batch starts with a fresh one.
      kafkaMetrics.transactionAborts().inc({ source: this.outbox.table });
      await transaction.abort().catch(() => undefined);
      this.producerBroken = true;
      throw error;
    }
  }
}

function outboundRecord(row: OutboxRow): OutboundRecord {
  return { topic: row.topic, key: row.key, value: row.value, headers: row.headers };
}
