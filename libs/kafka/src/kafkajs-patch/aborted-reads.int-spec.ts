import { Kafka, logLevel } from 'kafkajs';
import { join } from 'node:path';
import { seededRandom } from '@countersign/contracts/testing';
import { InterleavedTransactions } from './interleaved-transactions';
import { readWithKafkajs, Resume } from './kafkajs-reader';
import { readWithJavaClient, ReadRecord } from './reference-reader';
import { RestartableBroker } from './restartable-broker';

/**
 * The aborted-read defect of issue #13, against a real broker with Apache Kafka's Java client as the oracle. kafkajs
 * 2.2.4 filters aborted records per message, taking the broker's aborted-transaction list in the order the broker sends
 * it (the order the transactions ended) and stepping into at most one aborted transaction per record; with several
 * producers whose transactions interleave on one partition, and with reads that start inside aborted ranges, it
 * delivers records the Java client (and the Kafka protocol) say a read_committed consumer never sees. The patch in
 * patches/kafkajs+2.2.4.patch filters per record batch like the Java client; this test fails without it.
 */
const repoRoot = join(__dirname, '..', '..', '..', '..');
const broker = new RestartableBroker(repoRoot, 'aborted-reads-test', 4);
const topic = 'aborted-reads';
const seed = Number(process.env.ABORTED_READS_SEED ?? 20261204);

function from(reads: Map<number, ReadRecord[]>, start: number): ReadRecord[] {
  const records = reads.get(start);
  if (!records) throw new Error(`the Java client printed no read from ${start}`);
  return records;
}

function offsets(records: readonly ReadRecord[]): number[] {
  return records.map((record) => record.offset);
}

describe('read_committed with kafkajs, against the Java client (issue #13)', () => {
  let kafka: Kafka;

  beforeAll(async () => {
    broker.create();
    kafka = new Kafka({
      clientId: 'aborted-reads-test',
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 12, initialRetryTime: 200 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  }, 120_000);

  afterAll(() => broker.destroy());

  it('delivers exactly the committed records, from the start and resuming inside aborted ranges, across a broker restart', async () => {
    const writers = new InterleavedTransactions(kafka, topic, seededRandom(seed));
    await writers.connect(4);
    await writers.run(120);
    broker.restart();
    await writers.abortOpen();
    await writers.run(120);
    await writers.finish();
    await writers.disconnect();

    const everything = from(await readWithJavaClient(repoRoot, broker.brokers, topic, 'read_uncommitted', [0]), 0);
    const committedFromStart = from(
      await readWithJavaClient(repoRoot, broker.brokers, topic, 'read_committed', [0]),
      0,
    );
    const committed = new Set(offsets(committedFromStart));
    const aborted = everything.filter((record) => !committed.has(record.offset));
    expect(aborted.length).toBeGreaterThan(50);
    expect(committed.size).toBeGreaterThan(50);

    // Resume points inside aborted ranges, spread over the log (before and after the restart).
    const resumes = Array.from({ length: 8 }, (_, i) => aborted[Math.floor(((i + 0.5) * aborted.length) / 8)].offset);
    const starts = [0, ...resumes];
    const oracle = await readWithJavaClient(repoRoot, broker.brokers, topic, 'read_committed', starts);
    const end = everything[everything.length - 1].offset + 2; // the last record and its transaction marker

    const report: string[] = [];
    let leaked = 0;
    let missed = 0;
    for (const [index, start] of starts.entries()) {
      const resume: Resume = index % 2 === 0 ? 'committed-offset' : 'seek';
      const expected = offsets(from(oracle, start));
      const actual = offsets(await readWithKafkajs(kafka, topic, start, end, resume));
      const expectedSet = new Set(expected);
      const actualSet = new Set(actual);
      const extra = actual.filter((offset) => !expectedSet.has(offset)).length;
      const lost = expected.filter((offset) => !actualSet.has(offset)).length;
      leaked += extra;
      missed += lost;
      report.push(
        `from ${start} (${resume}): java ${expected.length}, kafkajs ${actual.length}, aborted delivered ${extra}, committed missed ${lost}`,
      );
    }
    process.stdout.write(
      `[aborted-reads] seed ${seed}: ${committed.size} committed and ${aborted.length} aborted records ` +
        `(${writers.committed} commits, ${writers.aborted} aborts, 4 producers, 1 broker restart)\n  ` +
        `${report.join('\n  ')}\n  total: aborted records delivered by kafkajs ${leaked}, committed records missed ${missed}\n`,
    );
    expect({ leaked, missed }).toEqual({ leaked: 0, missed: 0 });
  }, 300_000);
});
