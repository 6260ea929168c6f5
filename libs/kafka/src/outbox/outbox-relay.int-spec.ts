import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { outboundEvent } from '../records';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { createOutboxTableSql } from './outbox-table';

// The relay against the real broker and Postgres: every outbox row reaches Kafka exactly once, in order per key,
// even when the database commit after a Kafka commit fails (the crash window of every outbox).
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const schema = `outbox_int_${randomUUID().slice(0, 8)}`;
const topic = `outbox-int-${schema}`;

describe('OutboxRelay', () => {
  const kafka = new Kafka({ clientId: 'outbox-int', brokers, logLevel: logLevel.NOTHING });
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  const outbox = new Outbox(schema);
  const seen: string[] = [];
  const watcher = kafka.consumer({ groupId: `watch-${schema}`, readUncommitted: false });

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    for (const statement of createOutboxTableSql(schema)) await dataSource.query(statement);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    await watcher.connect();
    await watcher.subscribe({ topic, fromBeginning: true });
    await watcher.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? '') });
  });

  afterAll(async () => {
    await watcher.disconnect();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  async function write(from: number, count: number): Promise<void> {
    await dataSource.transaction((manager) =>
      outbox.add(
        manager,
        Array.from({ length: count }, (_, index) =>
          outboundEvent(topic, `key-${(from + index) % 7}`, { n: from + index }),
        ),
      ),
    );
  }

  async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out with ${seen.length} records seen`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('publishes each row exactly once even when marking rows published fails after the Kafka commit', async () => {
    await write(0, 700);
    // A data source whose first "mark published" fails: Kafka has committed, Postgres rolls back.
    let failures = 1;
    const faulty = Object.create(dataSource) as DataSource;
    faulty.transaction = ((work: (manager: EntityManager) => Promise<unknown>) =>
      dataSource.transaction((manager) => {
        const query = manager.query.bind(manager);
        manager.query = (async (sql: string, parameters?: unknown[]) => {
          if (sql.startsWith('UPDATE') && failures-- > 0) throw new Error('simulated crash before the database commit');
          return query(sql, parameters);
        }) as EntityManager['query'];
        return work(manager);
      })) as DataSource['transaction'];

    const crashing = new OutboxRelay(kafka, faulty, outbox, { pollIntervalMs: 50 });
    await crashing.start();
    await until(() => seen.length >= 300);
    await crashing.stop();

    await write(700, 300);
    const relay = new OutboxRelay(kafka, dataSource, outbox, { pollIntervalMs: 50 });
    await relay.start();
    await until(() => seen.length >= 1000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await relay.stop();

    const numbers = seen.map((value) => (JSON.parse(value) as { n: number }).n);
    expect(numbers).toHaveLength(1000);
    expect(new Set(numbers).size).toBe(1000);
    const [{ pending }] = await dataSource.query(
      `SELECT count(*)::int AS pending FROM "${schema}".outbox WHERE published_at IS NULL`,
    );
    expect(pending).toBe(0);
  });
});
