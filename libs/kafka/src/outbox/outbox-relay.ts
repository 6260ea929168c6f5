import { Logger } from '@nestjs/common';
import { Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
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
 * Publishes outbox rows in id order with an idempotent producer, then marks them published. One relay at a time per
 * schema (a transaction-scoped advisory lock), so records of one key keep their order across replicas. A crash between
 * publishing and marking republishes those rows: consumers deduplicate on the event's own id.
 */
export class OutboxRelay {
  private readonly log = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastCleanup = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  async start(): Promise<void> {
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { initialRetryTime: 100, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
    });
    await this.producer.connect();
    this.schedule(0);
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
        [this.options.batchSize ?? 500],
      );
      if (rows.length === 0) return 0;
      await producer.sendBatch({ topicMessages: byTopic(rows) });
      await manager.query(`UPDATE ${this.outbox.table} SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
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
