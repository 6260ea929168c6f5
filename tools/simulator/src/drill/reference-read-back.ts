import { Topics } from '@countersign/contracts';
import { Kafka } from 'kafkajs';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaClient } from '../kafka-client';
import { PlatformEvents } from '../platform-events';
import { DrillKafka } from './drill-kafka';

const TOPICS = [Topics.decisionsRouted, Topics.decisionsFinal, Topics.reviewRequested, Topics.reviewCompleted];

/** The jars deploy/local/kafka.sh runs the drill's broker from (its data dir names the version). */
function kafkaLibs(repoRoot: string, kafka: DrillKafka): string {
  const version = readFileSync(join(kafka.dataDir, 'kafka.version'), 'utf8').trim();
  const libs = join(process.env.KAFKA_CACHE_DIR ?? join(repoRoot, '.cache', 'kafka'), version, 'libs');
  if (!existsSync(libs)) throw new Error(`no Kafka jars in ${libs}: run deploy/local/kafka.sh fetch`);
  return libs;
}

/**
 * What the platform published about the run, read from the beginning by Apache Kafka's Java client with
 * read_committed (tools/simulator/java/ReadCommitted.java) — the reference for what a downstream system sees. The
 * drill judges exactly-once on this. The same topics are read with kafkajs too (patched: ADR 0005), the client every
 * Countersign service consumes with, and the two reads are compared record for record: the drill reports whether they
 * agree, since a kafkajs that delivered records of aborted transactions would show here as extra copies.
 */
export interface ReferenceRead {
  events: PlatformEvents;
  /** Every record the Java client read, in its order: offsets order the records of one partition. */
  records: Array<{ topic: string; key: string; value: Buffer; partition: number; offset: number }>;
  /** Records kafkajs read that the Java client did not (aborted records delivered), by topic and key. */
  kafkajsOnly: Array<{ topic: string; key: string }>;
}

export async function readBackWithReferenceClient(
  repoRoot: string,
  kafka: DrillKafka,
  keyPrefix: string,
): Promise<ReferenceRead> {
  const program = join(repoRoot, 'tools', 'simulator', 'java', 'ReadCommitted.java');
  const args = ['-cp', `${kafkaLibs(repoRoot, kafka)}/*`, program, kafka.brokers, keyPrefix, ...TOPICS];
  const events = new PlatformEvents(kafkaClient(kafka.brokers, 'countersign-drill-check'), (id) =>
    id.startsWith(keyPrefix),
  );
  const javaRecords: string[] = [];
  const records: ReferenceRead['records'] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [topic, key, value, partition, offset] = line.split('\t');
        if (topic && value !== undefined) {
          const bytes = Buffer.from(value, 'base64');
          events.ingest(topic, bytes);
          javaRecords.push([topic, key, value].join('\t'));
          records.push({ topic, key, value: bytes, partition: Number(partition), offset: Number(offset) });
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`reading back with the Java client failed (exit ${code}): ${errors}`)),
    );
  });
  const kafkajsRecords = await readWithKafkajs(
    kafkaClient(kafka.brokers, 'countersign-drill-kafkajs-read-back'),
    keyPrefix,
  );
  say(describeAgreement(javaRecords, kafkajsRecords));
  return { events, records, kafkajsOnly: onlyInSecond(javaRecords, kafkajsRecords) };
}

/** The records of `second` beyond those of `first`, as multisets. */
function onlyInSecond(first: readonly string[], second: readonly string[]): ReferenceRead['kafkajsOnly'] {
  const counts = new Map<string, number>();
  for (const record of first) counts.set(record, (counts.get(record) ?? 0) + 1);
  const extra: ReferenceRead['kafkajsOnly'] = [];
  for (const record of second) {
    const left = counts.get(record) ?? 0;
    if (left > 0) counts.set(record, left - 1);
    else {
      const [topic, key] = record.split('\t');
      extra.push({ topic, key });
    }
  }
  return extra;
}

const say = (message: string) => process.stdout.write(`[drill ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/**
 * The same read with kafkajs, read_committed: every record of TOPICS whose key starts with the prefix, from the start
 * of each partition to the end offset it had when the read began, as `topic TAB key TAB base64(value)` lines.
 */
async function readWithKafkajs(client: Kafka, keyPrefix: string): Promise<string[]> {
  const admin = client.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  try {
    for (const topic of TOPICS) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (Number(high) > Number(low)) remaining.set(`${topic}/${partition}`, Number(high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const records: string[] = [];
  const consumer = client.consumer({ groupId: `countersign-drill-read-back-${Date.now()}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: TOPICS, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the kafkajs read-back did not reach the end in 5 minutes')),
        300_000,
      );
      const finished = () => remaining.size === 0 && (clearTimeout(timer), resolve());
      // Batches of only aborted records and markers never reach eachBatch; this event sees every batch.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const partition = `${payload.topic}/${payload.partition}`;
        const end = remaining.get(partition);
        if (end !== undefined && Number(payload.lastOffset) >= end - 1) remaining.delete(partition);
        finished();
      });
      finished();
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = remaining.get(`${batch.topic}/${batch.partition}`);
            for (const message of batch.messages) {
              const key = message.key?.toString();
              if (end === undefined || Number(message.offset) >= end || !key?.startsWith(keyPrefix)) continue;
              records.push(`${batch.topic}\t${key}\t${(message.value ?? Buffer.alloc(0)).toString('base64')}`);
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Whether the two reads hold the same records, as multisets (order across partitions differs between clients). */
function describeAgreement(java: readonly string[], kafkajs: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const record of java) counts.set(record, (counts.get(record) ?? 0) + 1);
  for (const record of kafkajs) counts.set(record, (counts.get(record) ?? 0) - 1);
  const onlyJava = [...counts.values()].filter((n) => n > 0).reduce((sum, n) => sum + n, 0);
  const onlyKafkajs = [...counts.values()].filter((n) => n < 0).reduce((sum, n) => sum - n, 0);
  return onlyJava === 0 && onlyKafkajs === 0
    ? `read-back: kafkajs and the Java client agree, ${java.length} records read committed by both`
    : `read-back: kafkajs and the Java client DISAGREE: Java ${java.length}, kafkajs ${kafkajs.length} records; ` +
        `${onlyKafkajs} only kafkajs read (aborted records delivered?), ${onlyJava} only the Java client read`;
}
