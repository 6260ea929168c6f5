import { Kafka, Partitioners } from 'kafkajs';
import { WorkloadRecord } from './decision-workload';
import { nowMs } from './output-watch';
import { sleep } from './progress';

export const SENT_AT_HEADER = 'bench-sent-at';

/**
 * Produces `records` at a fixed rate: every `tickMs` the records due by then, each stamped with its send time (in the
 * `bench-sent-at` header and through `onSent`). Sends are not awaited one after the other, so a slow acknowledgement
 * cannot slow the pace down; the latency measured is produce call to output seen.
 */
export async function producePaced(
  kafka: Kafka,
  topic: string,
  records: readonly WorkloadRecord[],
  ratePerSecond: number,
  onSent: (key: string, sentAt: number) => void,
  tickMs = 10,
): Promise<{ sent: number; seconds: number }> {
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const inFlight = new Set<Promise<unknown>>();
  let failure: unknown;
  const started = nowMs();
  let sent = 0;
  try {
    for (let tick = 1; sent < records.length; tick += 1) {
      const now = nowMs();
      const due = Math.min(records.length, Math.floor(((now - started) * ratePerSecond) / 1000));
      if (due > sent) {
        const batch = records.slice(sent, due);
        sent = due;
        for (const record of batch) onSent(record.key, now);
        const send = producer
          .send({
            topic,
            acks: -1,
            messages: batch.map((record) => ({
              key: record.key,
              value: record.value,
              headers: { [SENT_AT_HEADER]: now.toFixed(3) },
            })),
          })
          .catch((error: unknown) => {
            failure = error;
          });
        inFlight.add(send);
        void send.finally(() => inFlight.delete(send));
      }
      if (failure) throw failure;
      await sleep(Math.max(0, started + tick * tickMs - nowMs()));
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    await producer.disconnect();
  }
  return { sent, seconds: (nowMs() - started) / 1000 };
}
