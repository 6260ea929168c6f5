import { Topics } from '@countersign/contracts';
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
 * drill judges exactly-once on this, not on kafkajs, whose consumer returned records of aborted transactions after
 * a broker restart.
 */
export async function readBackWithReferenceClient(
  repoRoot: string,
  kafka: DrillKafka,
  keyPrefix: string,
): Promise<PlatformEvents> {
  const program = join(repoRoot, 'tools', 'simulator', 'java', 'ReadCommitted.java');
  const args = ['-cp', `${kafkaLibs(repoRoot, kafka)}/*`, program, kafka.brokers, keyPrefix, ...TOPICS];
  const events = new PlatformEvents(kafkaClient(kafka.brokers, 'countersign-drill-check'), (id) =>
    id.startsWith(keyPrefix),
  );
  await new Promise<void>((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [topic, , value] = line.split('\t');
        if (topic && value !== undefined) events.ingest(topic, Buffer.from(value, 'base64'));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`reading back with the Java client failed (exit ${code}): ${errors}`)),
    );
  });
  return events;
}
