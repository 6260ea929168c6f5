import { Kafka, Message, Partitioners } from 'kafkajs';
import { WorkloadRecord } from './decision-workload';

const CHUNK = 1_000;
const IN_FLIGHT = 8;

/**
 * Produces every record onto `topic` as fast as the broker takes them (before the system under test starts), keyed by
 * decision id with the default partitioner, so every system sees the same records in the same partitions.
 */
export async function preload(kafka: Kafka, topic: string, records: readonly WorkloadRecord[]): Promise<number> {
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const started = Date.now();
  try {
    let next = 0;
    const lane = async () => {
      while (next < records.length) {
        const chunk = records.slice(next, next + CHUNK);
        next += CHUNK;
        const messages: Message[] = chunk.map((record) => ({ key: record.key, value: record.value }));
        await producer.send({ topic, messages, acks: -1 });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  } finally {
    await producer.disconnect();
  }
  return Date.now() - started;
}
