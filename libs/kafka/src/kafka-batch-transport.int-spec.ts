import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeadLetterHeaders, Topics } from '@countersign/contracts';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { KafkaBatchTransport } from './kafka-batch-transport';
import { RecordOutcome } from './record-outcome';
import { InboundRecord, outboundEvent } from './records';

// The transport is driven through a real Nest microservice against the real broker: records in, records out,
// offsets and dead letters exactly as a downstream read_committed consumer sees them.
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const input = Topics.decisions;
const output = Topics.decisionsRouted;
const failOnce = new Set<string>();

@Controller()
class EchoHandler {
  @EventPattern(Topics.decisions)
  handle(@Payload() record: InboundRecord): RecordOutcome {
    const text = record.value?.toString() ?? '';
    if (text.startsWith('bad')) return RecordOutcome.deadLetter('invalid_json', [`cannot read ${text}`]);
    if (failOnce.delete(text)) throw new Error(`transient failure on ${text}`);
    return RecordOutcome.publish(outboundEvent(output, record.key?.toString() ?? '', { echo: text }));
  }
}

@Module({ controllers: [EchoHandler] })
class EchoModule {}

describe('KafkaBatchTransport (transactional) against a real broker', () => {
  const kafka = new Kafka({ clientId: 'transport-int', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const groupId = `transport-int-${randomUUID()}`;
  let service: INestMicroservice;
  const seen: Array<{ topic: string; key: string; value: string; headers: Record<string, string> }> = [];
  const watcher = kafka.consumer({ groupId: `watch-${randomUUID()}`, readUncommitted: false });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const runId = randomUUID().slice(0, 8);

  beforeAll(async () => {
    await admin.connect();
    const existing = await admin.listTopics();
    const wanted = [input, output, Topics.decisionsDeadLetter].filter((topic) => !existing.includes(topic));
    if (wanted.length) await admin.createTopics({ topics: wanted.map((topic) => ({ topic, numPartitions: 3 })) });
    await producer.connect();
    await watcher.connect();
    await watcher.subscribe({ topics: [output, Topics.decisionsDeadLetter], fromBeginning: true });
    await watcher.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        seen.push({ topic, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers });
      },
    });
    service = await NestFactory.createMicroservice(EchoModule, {
      strategy: new KafkaBatchTransport({
        kafka,
        groupId,
        serviceName: 'router',
        mode: 'transactional',
        transactionalIdPrefix: `transport-int-${runId}`,
      }),
      logger: false,
    });
    await service.listen();
  });

  afterAll(async () => {
    await service?.close();
    await watcher.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  });

  const ours = (topic: string) => seen.filter((record) => record.topic === topic && record.key.startsWith(runId));

  async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('publishes exactly one output per input even when a batch fails midway and is retried', async () => {
    const count = 300;
    failOnce.add('msg-150');
    failOnce.add('msg-260');
    const messages = Array.from({ length: count }, (_, index) => ({
      key: `${runId}-${index % 17}`,
      value: `msg-${index}`,
    }));
    await producer.send({ topic: input, messages });

    await until(() => ours(output).length >= count);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // anything extra would arrive now
    const values = ours(output).map((record) => JSON.parse(record.value).echo as string);
    expect(values).toHaveLength(count);
    expect(new Set(values).size).toBe(count);
    expect(failOnce.size).toBe(0);

    // Per key, outputs keep the input order.
    for (const key of new Set(messages.map((message) => message.key))) {
      const sent = messages.filter((message) => message.key === key).map((message) => message.value);
      const received = ours(output)
        .filter((record) => record.key === key)
        .map((record) => JSON.parse(record.value).echo);
      expect(received).toEqual(sent);
    }

    const offsets = await admin.fetchOffsets({ groupId, topics: [input] });
    const committed = offsets[0].partitions.reduce((sum, partition) => sum + Math.max(Number(partition.offset), 0), 0);
    expect(committed).toBeGreaterThanOrEqual(count);
  });

  it('exports its consumer lag per partition (caught up: 0) and its group joins for the alert rules', async () => {
    const lag = await register.getSingleMetric('countersign_kafka_consumer_lag')?.get();
    const read = (lag?.values ?? []).filter((value) => value.labels.group === groupId && value.labels.topic === input);
    expect(read.length).toBeGreaterThan(0);
    expect(Math.max(...read.map((value) => value.value))).toBe(0);
    const joins = await register.getSingleMetric('countersign_kafka_consumer_rebalances_total')?.get();
    expect(joins?.values.find((value) => value.labels.group === groupId)?.value).toBeGreaterThanOrEqual(1);
  });

  it('dead-letters an unreadable record with its bytes and reason, and goes on', async () => {
    const key = `${runId}-dlq`;
    await producer.send({
      topic: input,
      messages: [
        { key, value: 'bad-record' },
        { key, value: 'good-after-bad' },
      ],
    });
    await until(() => ours(output).some((record) => record.value.includes('good-after-bad')));
    await until(() => ours(Topics.decisionsDeadLetter).length >= 1);
    const [letter] = ours(Topics.decisionsDeadLetter);
    expect(letter.value).toBe('bad-record');
    expect(letter.headers[DeadLetterHeaders.reason]).toBe('invalid_json');
    expect(letter.headers[DeadLetterHeaders.errors]).toContain('cannot read bad-record');
    expect(letter.headers[DeadLetterHeaders.sourceTopic]).toBe(input);
  });
});
