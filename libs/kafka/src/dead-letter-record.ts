import { DeadLetterHeaders, DeadLetterReason, deadLetterTopicFor, TopicName } from '@countersign/contracts';
import { InboundRecord, OutboundRecord } from './records';

/** The dead letter for `record`: its original key, value and headers, plus why and where it failed. */
export function deadLetterRecord(
  record: InboundRecord,
  reason: DeadLetterReason,
  errors: string[],
  service: string,
  now: Date,
): OutboundRecord {
  const headers: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (typeof value === 'string' || Buffer.isBuffer(value)) headers[name] = value;
  }
  Object.assign(headers, {
    [DeadLetterHeaders.reason]: reason,
    [DeadLetterHeaders.errors]: JSON.stringify(errors),
    [DeadLetterHeaders.sourceTopic]: record.topic,
    [DeadLetterHeaders.sourcePartition]: String(record.partition),
    [DeadLetterHeaders.sourceOffset]: record.offset,
    [DeadLetterHeaders.failedAt]: now.toISOString(),
    [DeadLetterHeaders.service]: service,
  });
  return {
    topic: deadLetterTopicFor(record.topic as TopicName),
    key: record.key,
    value: record.value ?? Buffer.alloc(0),
    headers,
  };
}
