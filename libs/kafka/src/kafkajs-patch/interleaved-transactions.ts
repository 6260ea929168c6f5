import { Kafka, Producer, Transaction } from 'kafkajs';

interface Writer {
  id: string;
  producer: Producer;
  open?: Transaction;
  sequence: number;
}

/**
 * Several transactional producers writing to one partition with their transactions open at the same time, each
 * committed or aborted at random: aborted ranges that start before and end after other producers' records, which is
 * what a router with a producer per partition and retried batches leaves in a topic.
 */
export class InterleavedTransactions {
  private readonly writers: Writer[] = [];
  committed = 0;
  aborted = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly random: () => number,
  ) {}

  async connect(producers: number): Promise<void> {
    for (let i = 0; i < producers; i += 1) {
      const id = `${this.topic}-writer-${i}`;
      this.writers.push({ id, producer: await this.newProducer(id), sequence: 0 });
    }
  }

  /** `steps` random moves: open a transaction, write 1-3 records into one, or end one (60% commit, 40% abort). */
  async run(steps: number): Promise<void> {
    for (let step = 0; step < steps; step += 1) {
      const writer = this.writers[Math.floor(this.random() * this.writers.length)];
      if (!writer.open) writer.open = await writer.producer.transaction();
      const records = 1 + Math.floor(this.random() * 3);
      await writer.open.send({
        topic: this.topic,
        messages: Array.from({ length: records }, () => ({
          key: `${writer.id}-${(writer.sequence += 1)}`,
          value: 'x'.repeat(200),
        })),
      });
      if (this.random() < 0.35) await this.end(writer, this.random() < 0.6);
    }
  }

  /**
   * Ends what is still open after a broker restart: aborted, or, when the old producer cannot reach the coordinator
   * any more, fenced by a new producer with the same transactional id (which makes the coordinator abort it).
   */
  async abortOpen(): Promise<void> {
    for (const writer of this.writers) {
      if (!writer.open) continue;
      try {
        await this.end(writer, false);
      } catch {
        await writer.producer.disconnect().catch(() => undefined);
        writer.open = undefined;
        this.aborted += 1;
        writer.producer = await this.newProducer(writer.id);
      }
    }
  }

  async finish(): Promise<void> {
    for (const writer of this.writers) if (writer.open) await this.end(writer, true);
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.writers.map((writer) => writer.producer.disconnect()));
  }

  private async end(writer: Writer, commit: boolean): Promise<void> {
    const transaction = writer.open;
    writer.open = undefined;
    if (!transaction) return;
    if (commit) {
      await transaction.commit();
      this.committed += 1;
    } else {
      await transaction.abort();
      this.aborted += 1;
    }
  }

  private async newProducer(transactionalId: string): Promise<Producer> {
    const producer = this.kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return producer;
  }
}
