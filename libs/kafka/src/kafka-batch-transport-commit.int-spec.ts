import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { KafkaBatchTransport } from './kafka-batch-transport';
import { BatchResult, RecordOutcome } from './record-outcome';
import { InboundRecord, outboundEvent } from './records';
import { CommitFault, withCommitFaults } from './testing/commit-faults';

// Found by the fault drill (#19, 2026-12-05): the broker paused for 70 s while the router committed a batch; the
// commit request timed out at 30 s, the transport took the transaction for aborted and ran the batch again, and the
// broker, on waking, committed both — five decisions routed twice. The broker is real here; what is injected is the
// one thing a test cannot time reliably, a commit whose answer never comes: either the commit reached the broker and
// only its answer was lost, or the request itself was lost.
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const runId = randomUUID().slice(0, 8);
const input = `countersign.test.commit-${runId}`;
const output = `countersign.test.commit-out-${runId}`;
const faults: CommitFault[] = [];
const after = { commits: 0, aborts: 0 };

@Controller()
class EchoBatchHandler {
  @EventPattern(input, { batch: true })
  echo(@Payload() records: InboundRecord[]): BatchResult {
    return {
      outcomes: records.map((record) =>
        RecordOutcome.publish(outboundEvent(output, record.key?.toString() ?? '', { echo: record.value?.toString() })),
      ),
      // Where the router commits its ledger of routed ids (or rolls it back): must match the Kafka outcome.
      afterCommit: async () => void (after.commits += 1),
      afterAbort: async () => void (after.aborts += 1),
    };
  }
}

@Module({ controllers: [EchoBatchHandler] })
class EchoBatchModule {}

describe('KafkaBatchTransport after a commit that got no answer (real broker)', () => {
  const kafka = new Kafka({ clientId: 'transport-commit-int', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const watcher = kafka.consumer({ groupId: `watch-${runId}`, readUncommitted: false });
  const groupId = `transport-commit-${runId}`;
  const seen: string[] = [];
  let service: INestMicroservice;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [input, output].map((topic) => ({ topic, numPartitions: 1 })) });
    await producer.connect();
    await watcher.connect();
    await watcher.subscribe({ topics: [output], fromBeginning: true });
    await watcher.run({
      eachMessage: async ({ message }) => void seen.push(JSON.parse(String(message.value)).echo as string),
    });
    service = await NestFactory.createMicroservice(EchoBatchModule, {
      strategy: new KafkaBatchTransport({
        kafka: withCommitFaults(kafka, faults),
        groupId,
        serviceName: 'router',
        mode: 'transactional',
        transactionalIdPrefix: `transport-commit-${runId}`,
      }),
      logger: false,
    });
    await service.listen();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await watcher.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [input, output] }).catch(() => undefined);
    await admin.disconnect();
  });

  async function sendAndSettle(values: string[], total: number): Promise<void> {
    await producer.send({ topic: input, messages: values.map((value) => ({ key: value, value })) });
    const deadline = Date.now() + 60_000;
    while (seen.length < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // Whatever would come twice comes now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }

  const outcomes = async (outcome: string) =>
    (await register.getSingleMetric('countersign_kafka_unanswered_commits_total')?.get())?.values.find(
      (value) => value.labels.source === groupId && value.labels.outcome === outcome,
    )?.value ?? 0;

  it('keeps a batch whose commit reached the broker: published once, its after-commit step run, not run again', async () => {
    faults.push('answer-lost');
    const values = Array.from({ length: 10 }, (_, index) => `first-${index}`);
    await sendAndSettle(values, 10);
    expect(faults).toHaveLength(0);
    expect([...seen].sort()).toEqual([...values].sort());
    expect(after).toEqual({ commits: 1, aborts: 0 });
    expect(await outcomes('committed')).toBe(1);
  }, 90_000);

  it('runs again a batch whose commit never reached the broker: published once, after its abort', async () => {
    faults.push('request-lost');
    const values = Array.from({ length: 10 }, (_, index) => `second-${index}`);
    await sendAndSettle(values, 20);
    expect(faults).toHaveLength(0);
    const second = seen.filter((value) => value.startsWith('second-'));
    expect(second.sort()).toEqual([...values].sort());
    expect(seen).toHaveLength(20);
    expect(after).toEqual({ commits: 2, aborts: 1 });
    expect(await outcomes('aborted')).toBe(1);
  }, 90_000);
});
