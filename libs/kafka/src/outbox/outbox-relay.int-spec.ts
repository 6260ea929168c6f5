import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { outboundEvent } from '../records';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { createOutboxTableSql } from './outbox-table';
import { CommitFault, withCommitFaults } from '../testing/commit-faults';

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

  /** The data source, but a `DELETE` of published rows throws whenever `fails` says so: Kafka has committed, Postgres rolls back. */
  function failingDeletes(fails: () => boolean | Promise<boolean>): DataSource {
    const faulty = Object.create(dataSource) as DataSource;
    faulty.transaction = ((work: (manager: EntityManager) => Promise<unknown>) =>
      dataSource.transaction((manager) => {
        const query = manager.query.bind(manager);
        manager.query = (async (sql: string, parameters?: unknown[]) => {
          if (sql.startsWith('DELETE') && (await fails()))
            throw new Error('simulated crash before the database commit');
          return query(sql, parameters);
        }) as EntityManager['query'];
        return work(manager);
      })) as DataSource['transaction'];
    return faulty;
  }

  async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out with ${seen.length} records seen`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('publishes each row exactly once even when deleting published rows fails after the Kafka commit', async () => {
    await write(0, 700);
    // The first "delete published rows" fails: Kafka has committed, Postgres rolls back.
    let failures = 1;
    const faulty = failingDeletes(() => failures-- > 0);

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
    const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM "${schema}".outbox`);
    expect(pending).toBe(0);
    // The gauges the outbox alerts read, measured by the leader after each batch: an emptied outbox shows none.
    for (const name of ['countersign_outbox_backlog', 'countersign_outbox_oldest_age_seconds']) {
      const gauge = await register.getSingleMetric(name)?.get();
      expect(gauge?.values.find((value) => value.labels.outbox === outbox.table)?.value).toBe(0);
    }
  });

  it('lets one of two replicas relay at a time, and the other take over when it stops', async () => {
    const ofThisTest = () =>
      seen.map((value) => (JSON.parse(value) as { n: number }).n).filter((n) => n >= 1000 && n < 3000);
    const options = { pollIntervalMs: 50, leadershipRetryMs: 200, batchSize: 50 };
    const first = new OutboxRelay(kafka, dataSource, outbox, options);
    const second = new OutboxRelay(kafka, dataSource, outbox, options);
    const failures: string[] = [];
    for (const relay of [first, second])
      (relay as unknown as { log: { error: (entry: { error: string }) => void } }).log.error = (entry) =>
        void failures.push(entry.error);
    await Promise.all([first.start(), second.start()]);
    await write(1000, 1000);
    await until(() => ofThisTest().length >= 300);
    // Whichever leads goes away mid-stream (as a replica that is scaled down); the other must finish the job.
    const leads = (relay: OutboxRelay) => (relay as unknown as { leadership?: unknown }).leadership !== undefined;
    expect([first, second].filter(leads)).toHaveLength(1);
    const [leader, follower] = leads(first) ? [first, second] : [second, first];
    await leader.stop();
    await write(2000, 1000);
    await until(() => ofThisTest().length >= 2000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(leads(follower)).toBe(true);
    await follower.stop();

    const numbers = ofThisTest();
    expect(numbers).toHaveLength(2000);
    expect(new Set(numbers).size).toBe(2000);
    // Leading by turns with one transactional id would fence the other's producer batch after batch.
    expect(failures).toEqual([]);
  });

  it("hands the lead over when the leader's lock connection is cut, without losing or repeating a row", async () => {
    const ofThisTest = () =>
      seen.map((value) => (JSON.parse(value) as { n: number }).n).filter((n) => n >= 3000 && n < 5000);
    const options = { pollIntervalMs: 50, leadershipRetryMs: 200, batchSize: 50 };
    const relays = [0, 1].map(() => new OutboxRelay(kafka, dataSource, outbox, options));
    await Promise.all(relays.map((relay) => relay.start()));
    await write(3000, 1000);
    await until(() => ofThisTest().length >= 300);
    // As a network cut or a Postgres restart would: the session holding the lock ends under the leader.
    const [{ terminated }] = await dataSource.query(
      `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objid = hashtext($1)::oid`,
      [`${outbox.table}:relay`],
    );
    expect(terminated).toBe(1);
    await write(4000, 1000);
    await until(() => ofThisTest().length >= 2000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await Promise.all(relays.map((relay) => relay.stop()));

    const numbers = ofThisTest();
    expect(numbers).toHaveLength(2000);
    expect(new Set(numbers).size).toBe(2000);
  });

  it('reads the cursor after taking the lead even when its first attempts find the batch lock taken', async () => {
    const ofThisTest = () =>
      seen.map((value) => (JSON.parse(value) as { n: number }).n).filter((n) => n >= 5000 && n < 6000);
    await write(5000, 300);
    // A relay whose every "delete published rows" fails: its first batch reaches Kafka, the rows stay, and the
    // cursor names them (its later rounds read the cursor and send nothing again).
    const faulty = failingDeletes(() => true);
    const stuck = new OutboxRelay(kafka, faulty, outbox, { pollIntervalMs: 50, batchSize: 100 });
    await stuck.start();
    await until(() => ofThisTest().length >= 100);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stuck.stop();
    expect(ofThisTest()).toHaveLength(100);

    // Someone holds the batch lock while the next relay takes the lead and tries its first batches.
    const holder = dataSource.createQueryRunner();
    await holder.startTransaction();
    await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [outbox.table]);
    const next = new OutboxRelay(kafka, dataSource, outbox, { pollIntervalMs: 50, batchSize: 100 });
    await next.start();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await holder.commitTransaction();
    await holder.release();
    await until(() => ofThisTest().length >= 300);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await next.stop();

    const numbers = ofThisTest();
    expect(numbers).toHaveLength(300);
    expect(new Set(numbers).size).toBe(300);
  });

  // As the router's transport (kafka-batch-transport-commit.int-spec.ts): a commit whose answer never comes has an
  // unknown outcome. The relay replaces its producer (InitProducerId completes or aborts the old transaction) and
  // then reads the cursor, so a batch that did commit is deleted unsent and one that did not is sent again.
  it('publishes each row exactly once when Kafka commits go unanswered, whether they reached the broker or not', async () => {
    const ofThisTest = () =>
      seen.map((value) => (JSON.parse(value) as { n: number }).n).filter((n) => n >= 6000 && n < 7000);
    const faults: CommitFault[] = ['answer-lost', 'request-lost', 'answer-lost', 'answer-lost', 'request-lost'];
    await write(6000, 1000);
    const relay = new OutboxRelay(withCommitFaults(kafka, faults), dataSource, outbox, {
      pollIntervalMs: 50,
      batchSize: 100,
    });
    await relay.start();
    await until(() => ofThisTest().length >= 1000 && faults.length === 0, 90_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await relay.stop();

    const numbers = ofThisTest();
    expect(new Set(numbers).size).toBe(1000);
    expect(numbers).toHaveLength(1000);
    const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM "${schema}".outbox`);
    expect(pending).toBe(0);
  }, 120_000);

  it('publishes a backlog of large events, more than the broker takes in one record batch, each once', async () => {
    const ofThisTest = () =>
      seen.map((value) => JSON.parse(value) as { n: number }).filter(({ n }) => n >= 7000 && n < 8000);
    // 12 events of 100 KB with one key: one partition, 1.2 MB, over the broker's default max.message.bytes (1 MiB).
    await dataSource.transaction((manager) =>
      outbox.add(
        manager,
        Array.from({ length: 12 }, (_, index) =>
          outboundEvent(topic, 'large', { n: 7000 + index, output: 'x'.repeat(100_000) }),
        ),
      ),
    );
    const relay = new OutboxRelay(kafka, dataSource, outbox, { pollIntervalMs: 50 });
    await relay.start();
    try {
      await until(() => ofThisTest().length >= 12);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await relay.stop();
    }

    expect(ofThisTest().map(({ n }) => n)).toEqual(Array.from({ length: 12 }, (_, index) => 7000 + index));
  }, 60_000);

  it('sends nothing twice after a crash between the commits when a row committed late sorts first', async () => {
    const ofThisTest = () =>
      seen.map((value) => (JSON.parse(value) as { n: number }).n).filter((n) => n >= 8000 && n < 9000);
    // A transaction takes the lowest id and commits only after the relay's first batch has gone to Kafka: the next
    // batch (LIMIT 10 by id) then starts with it and leaves out one of the rows the first batch sent.
    const late = dataSource.createQueryRunner();
    await late.connect();
    await late.startTransaction();
    await outbox.add(late.manager, [outboundEvent(topic, 'late', { n: 8000 })]);
    await write(8001, 10);
    let failures = 1;
    const faulty = failingDeletes(async () => {
      if (failures-- <= 0) return false;
      await late.commitTransaction();
      return true;
    });
    const relay = new OutboxRelay(kafka, faulty, outbox, { pollIntervalMs: 50, batchSize: 10 });
    await relay.start();
    try {
      await until(() => ofThisTest().length >= 11);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      await relay.stop();
      await late.release();
    }

    const numbers = ofThisTest();
    expect(new Set(numbers).size).toBe(11);
    expect(numbers).toHaveLength(11);
    const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM "${schema}".outbox`);
    expect(pending).toBe(0);
  }, 60_000);
});
