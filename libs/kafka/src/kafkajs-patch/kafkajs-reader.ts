import { Kafka } from 'kafkajs';
import { ReadRecord } from './reference-reader';

/** How a kafkajs consumer comes to start inside the log: its group's committed offset, or a seek once running. */
export type Resume = 'committed-offset' | 'seek';

/**
 * What a kafkajs `read_committed` consumer in a group of its own receives from `start` to `end` (exclusive) of
 * partition 0, fetching 2 KB at a time so that fetches start inside the log as a resuming consumer's do.
 */
export async function readWithKafkajs(
  kafka: Kafka,
  topic: string,
  start: number,
  end: number,
  resume: Resume,
): Promise<ReadRecord[]> {
  const groupId = `${topic}-reader-${resume}-${start}-${Date.now()}`;
  if (resume === 'committed-offset') {
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: String(start) }] });
    await admin.disconnect();
  }
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    maxBytesPerPartition: 2048,
    maxWaitTimeInMs: 100,
  });
  const records: ReadRecord[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kafkajs did not reach offset ${end} from ${start}`)), 60_000);
      // Batches that held only aborted records and markers never reach eachBatch; this event sees them all.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (Number(payload.lastOffset) >= end - 1) {
          clearTimeout(timer);
          resolve();
        }
      });
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              records.push({ offset: Number(message.offset), key: message.key?.toString() ?? '' });
            }
          },
        })
        .catch(reject);
      // The documented way: seek right after run(); it applies before the first fetch.
      if (resume === 'seek') consumer.seek({ topic, partition: 0, offset: String(start) });
    });
  } finally {
    await consumer.disconnect();
  }
  return records.filter((record) => record.offset < end);
}
