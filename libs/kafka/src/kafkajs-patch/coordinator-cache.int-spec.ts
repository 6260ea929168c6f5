import { Kafka, logLevel, Producer } from 'kafkajs';
import { join } from 'node:path';
import { RestartableBroker } from './restartable-broker';

/**
 * Issue #16's lever: kafkajs 2.2.4 looks the transaction coordinator up before every AddPartitionsToTxn,
 * AddOffsetsToTxn and EndTxn, and the group coordinator before every TxnOffsetCommit: four FindCoordinator requests per
 * transaction. The patch (patches/kafkajs+2.2.4.patch) caches both and drops them when they go stale. Counted from the
 * producer's own request instrumentation against a real broker, which is restarted to prove the cache lets go.
 */
const repoRoot = join(__dirname, '..', '..', '..', '..');
const broker = new RestartableBroker(repoRoot, 'coordinator-cache-test', 4);
const topic = 'coordinator-cache';
const groupId = 'coordinator-cache-group';
const FIND_COORDINATOR = 10;

describe('transaction coordinators are cached (issue #16)', () => {
  let kafka: Kafka;
  let producer: Producer;
  let findCoordinatorRequests = 0;

  beforeAll(async () => {
    broker.create();
    kafka = new Kafka({
      clientId: 'coordinator-cache-test',
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 12, initialRetryTime: 200 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    producer = kafka.producer({ transactionalId: 'coordinator-cache-tx', idempotent: true, maxInFlightRequests: 1 });
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiKey === FIND_COORDINATOR) findCoordinatorRequests += 1;
    });
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    broker.destroy();
  });

  /** One consume-transform-produce transaction: two partitions written, the group's offsets committed with it. */
  async function transaction(n: number): Promise<void> {
    const tx = await producer.transaction();
    try {
      await tx.send({ topic, messages: [0, 1].map((partition) => ({ partition, key: `k${n}`, value: `v${n}` })) });
      await tx.sendOffsets({
        consumerGroupId: groupId,
        topics: [{ topic, partitions: [{ partition: 2, offset: String(n) }] }],
      });
      await tx.commit();
    } catch (error) {
      await tx.abort().catch(() => undefined);
      throw error;
    }
  }

  it('looks each coordinator up once, not four times per transaction', async () => {
    // The first transaction finds both coordinators (on a new broker, after retries while __consumer_offsets and
    // __transaction_state are created); every later one should find them cached.
    findCoordinatorRequests = 0;
    // (Unpatched kafkajs may fail it with NOT_COORDINATOR while the new broker loads __consumer_offsets: retried.)
    for (let attempt = 1; ; attempt += 1) {
      try {
        await transaction(0);
        break;
      } catch (error) {
        if (attempt === 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    const warmUp = findCoordinatorRequests;
    findCoordinatorRequests = 0;
    for (let n = 1; n <= 20; n += 1) await transaction(n);
    process.stdout.write(
      `[coordinator-cache] first transaction: ${warmUp} FindCoordinator requests; ` +
        `next 20 transactions: ${findCoordinatorRequests}\n`,
    );
    expect(findCoordinatorRequests).toBe(0);
  });

  it('looks the coordinators up again after the broker restarts, and the transactions still commit', async () => {
    broker.restart();
    findCoordinatorRequests = 0;
    let committed = 0;
    let failures = 0;
    for (let n = 100; committed < 10 && failures < 20; n += 1) {
      try {
        await transaction(n);
        committed += 1;
      } catch {
        failures += 1;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    process.stdout.write(
      `[coordinator-cache] after a restart: 10 transactions, ${failures} failed attempts, ` +
        `${findCoordinatorRequests} FindCoordinator requests\n`,
    );
    expect(committed).toBe(10);
    expect(findCoordinatorRequests).toBeGreaterThanOrEqual(1);
    expect(findCoordinatorRequests).toBeLessThanOrEqual(2 + 2 * failures);

    const offsets = await readCommittedOffsets();
    expect(offsets).toBe(String(100 + failures + 9));
  }, 120_000);

  async function readCommittedOffsets(): Promise<string | undefined> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [fetched] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return fetched.partitions.find((partition) => partition.partition === 2)?.offset;
    } finally {
      await admin.disconnect();
    }
  }
});
