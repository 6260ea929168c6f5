import { Message, TopicMessages } from 'kafkajs';
import { OutboundRecord } from './records';

/** Output bytes per produce request: well under the broker's default 1 MiB message and request limits. */
const SLICE_BYTES = 512 * 1024;

export function slicesOf(records: OutboundRecord[]): OutboundRecord[][] {
  const slices: OutboundRecord[][] = [];
  let current: OutboundRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = record.value.length + (record.key?.length ?? 0) + 64;
    if (current.length > 0 && bytes + size > SLICE_BYTES) {
      slices.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) slices.push(current);
  return slices;
}

export function groupByTopic(records: OutboundRecord[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const record of records) {
    const messages = byTopic.get(record.topic) ?? [];
    messages.push({ key: record.key, value: record.value, headers: record.headers });
    byTopic.set(record.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
