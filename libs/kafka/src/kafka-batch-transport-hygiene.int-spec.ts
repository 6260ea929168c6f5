import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@countersign/contracts';
import { Kafka, KafkaJSConnectionError, logLevel, Partitioners, Producer, ProducerConfig } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { KafkaBatchTransport } from './kafka-batch-transport';
import { RecordOutcome } from './record-outcome';
import { InboundRecord, outboundEvent } from './records';

// Faults injected into the transport's producers against the real broker: a producer whose connect fails must not
// wedge its partition, and a replica that loses partitions in a rebalance must close their producers.
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const runId = randomUUID().slice(0, 8);
const input = `hygiene-in-${runId}`;
const output = `hygiene-out-${runId}`;

@Controller()
class EchoHandler {
  @EventPattern(input)
  handle(@Payload() record: InboundRecord): RecordOutcome {
    return RecordOutcome.publish(
      outboundEvent(output, record.key?.toString() ?? '', { echo: record.value?.toString() }),
    );
  }
}

@Module({ controllers: [EchoHandler] })
class EchoModule {}

describe('KafkaBatchTransport producer hygiene', () => {
  const kafka = new Kafka({ clientId: 'transport-hygiene', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const watcher = kafka.consumer({ groupId: `watch-${runId}`, readUncommitted: false });
  const seen: string[] = [];
  const services: INestMicroservice[] = [];

  beforeAll(async () => {
    await admin.connect();
    const existing = await admin.listTopics();
    await admin.createTopics({
      topics: [input, output, Topics.decisionsDeadLetter]
        .filter((topic) => !existing.includes(topic))
        .map((topic) => ({ topic, numPartitions: 2 })),
      waitForLeaders: true,
    });
    await producer.connect();
    await watcher.connect();
    await watcher.subscribe({ topics: [output], fromBeginning: true });
    await watcher.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? '') });
  });

  afterAll(async () => {
    for (const service of services) await service.close();
    await watcher.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  });

  async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A Kafka client whose transactional producers are built by `make` (to inject faults), all else as it is. */
  function withProducers(make: (config: ProducerConfig) => Producer): Kafka {
    const wrapped = Object.create(kafka) as Kafka;
    wrapped.producer = (config?: ProducerConfig) => (config?.transactionalId ? make(config) : kafka.producer(config));
    return wrapped;
  }

  async function startTransport(client: Kafka, groupId: string): Promise<KafkaBatchTransport> {
    const transport = new KafkaBatchTransport({
      kafka: client,
      groupId,
      serviceName: 'router',
      mode: 'transactional',
      transactionalIdPrefix: `hygiene-${groupId}`,
      sessionTimeoutMs: 10_000,
    });
    const service = await NestFactory.createMicroservice(EchoModule, { strategy: transport, logger: false });
    await service.listen();
    services.push(service);
    return transport;
  }

  const echoes = (tag: string) => seen.filter((value) => value.includes(tag)).length;

  it('forgets a producer whose connect failed, so the retried batch connects afresh and commits', async () => {
    let failures = 2;
    const client = withProducers((config) => {
      const made = kafka.producer(config);
      if (failures > 0) {
        failures--;
        made.connect = () => Promise.reject(new KafkaJSConnectionError('injected: broker unreachable'));
      }
      return made;
    });
    await startTransport(client, `hygiene-connect-${runId}`);
    await producer.send({
      topic: input,
      messages: Array.from({ length: 10 }, (_, n) => ({ key: `k${n}`, value: `connect-${n}`, partition: n % 2 })),
    });
    await until(() => echoes('connect-') >= 10);
    expect(failures).toBe(0);
  });

  it('closes the producers of partitions another replica took over in a rebalance', async () => {
    const disconnected: string[] = [];
    const client = withProducers((config) => {
      const made = kafka.producer(config);
      const disconnect = made.disconnect.bind(made);
      made.disconnect = () => {
        disconnected.push(config.transactionalId ?? '');
        return disconnect();
      };
      return made;
    });
    const groupId = `hygiene-revoke-${runId}`;
    const first = await startTransport(client, groupId);
    const send = (tag: string) =>
      producer.send({
        topic: input,
        messages: Array.from({ length: 10 }, (_, n) => ({ key: `k${n}`, value: `${tag}-${n}`, partition: n % 2 })),
      });
    await send('before');
    await until(() => echoes('before-') >= 10);
    const producersOf = (transport: KafkaBatchTransport) =>
      [...transport.unwrap<{ partitionProducers: Map<string, unknown> }>().partitionProducers.keys()].sort();
    expect(producersOf(first)).toEqual([`${input}-0`, `${input}-1`]);

    const second = await startTransport(kafka, groupId);
    // The second replica builds a producer for the partition the rebalance gave it when records arrive there.
    for (let round = 0; producersOf(second).length === 0; round++) {
      if (round > 60) throw new Error('the second replica never consumed');
      await send(`round${round}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await until(() => producersOf(first).length === 1);
    const taken = producersOf(second)[0];
    expect(producersOf(first)).toEqual([`${input}-0`, `${input}-1`].filter((key) => key !== taken));
    expect(disconnected).toContain(`hygiene-${groupId}-${taken}`);
  });
});
