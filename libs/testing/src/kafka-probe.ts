import { randomUUID } from 'node:crypto';
import { Consumer, IHeaders, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';

export interface ObservedRecord {
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** Produces onto and watches topics the way an outside system would: a plain kafkajs client, read_committed. */
export class KafkaProbe {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private consumer?: Consumer;
  private readonly seen: ObservedRecord[] = [];

  constructor(brokers: string) {
    this.kafka = new Kafka({
      clientId: 'countersign-test-probe',
      brokers: brokers.split(','),
      logLevel: logLevel.ERROR,
    });
  }

  /** Starts recording every record on `topics` from the beginning. */
  async watch(topics: string[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `probe-${randomUUID()}`, readUncommitted: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.seen.push({
          topic,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: message.headers ?? {},
        });
      },
    });
  }

  async send(
    topic: string,
    key: string | null,
    value: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    await this.producer.send({ topic, messages: [{ key, value, headers }] });
  }

  /** Produces many records in one request (what a busy platform producer does). */
  async sendMany(topic: string, messages: Array<{ key: string; value: string | Buffer }>): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    await this.producer.send({ topic, messages });
  }

  records(filter: (record: ObservedRecord) => boolean): ObservedRecord[] {
    return this.seen.filter(filter);
  }

  /** Waits until `count` matching records have been seen (and a short settle time shows no more arrive). */
  async waitFor(
    filter: (record: ObservedRecord) => boolean,
    count: number,
    timeoutMs = 30_000,
  ): Promise<ObservedRecord[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.records(filter).length >= count) return this.records(filter);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`saw ${this.records(filter).length} of ${count} expected records within ${timeoutMs} ms`);
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}

export function json<T = Record<string, unknown>>(record: ObservedRecord): T {
  return JSON.parse(record.value?.toString('utf8') ?? 'null') as T;
}
