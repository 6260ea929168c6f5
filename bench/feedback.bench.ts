// `npm run bench:feedback -- [--count 50000] [--runs 3] [--skip-build]`: judgments the feedback service ingests per
// second (Kafka batch -> decode -> one INSERT per batch) beside raw batched pg inserts of the same rows into the same
// table, measured in the same run against the bench's own broker (127.0.0.1:29192) and database
// (countersign_bench_feedback). Medians of --runs runs; results in .cache/bench/feedback.json.
import 'reflect-metadata';
import { ReviewCompletedV1, Topics, VERDICTS } from '@countersign/contracts';
import { aReviewCompletion, aRouting } from '@countersign/contracts/testing';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { BenchBroker } from './support/bench-broker';
import { BenchDatabase } from './support/bench-database';
import { BenchInfrastructure, repoRoot } from './support/bench-options';
import { recreateTopics } from './support/kafka-topics';
import { RAW_INSERT_JUDGMENTS_SQL, rawJudgmentColumns } from './support/raw-judgment-rows';
import { formatCount, progress, sleep } from './support/progress';
import { median } from './support/statistics';
import { SystemProcess } from './support/system-process';
import { serviceNodeFlags } from '@countersign/testing';

const FeedbackBench = {
  kafkaPort: 29192,
  kafkaControllerPort: 29193,
  kafkaDataDir: join(repoRoot, '.cache', 'kafka', 'bench-feedback-data'),
  database: 'countersign_bench_feedback',
  port: 25102,
  partitions: 6,
  rowsPerRawStatement: 1000,
  targetPerSecond: 5000,
  targetRatio: 0.5,
} as const;

const entryPoint = join(repoRoot, 'dist', 'services', 'feedback', 'services', 'feedback', 'src', 'main.js');
let broker: BenchBroker | undefined;

function options(): { count: number; runs: number; skipBuild: boolean } {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '50000' },
      runs: { type: 'string', default: '3' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  const count = Number(values.count.replace(/[_,]/g, ''));
  const runs = Number(values.runs);
  if (!(Number.isInteger(count) && count > 0 && Number.isInteger(runs) && runs > 0)) {
    throw new Error('usage: npm run bench:feedback -- [--count 50000] [--runs 3] [--skip-build]');
  }
  return { count, runs, skipBuild: values['skip-build'] };
}

/** Run `run`'s judgments: every verdict and kind, ~1 KB each like a real contract-review judgment. */
function workload(run: number, count: number): ReviewCompletedV1[] {
  const base = aReviewCompletion();
  return Array.from({ length: count }, (_, i) => ({
    ...base,
    decisionId: `bench-${run}-${i}`,
    taskId: `task-${run}-${i}`,
    kind: i % 10 === 0 ? 'audit' : 'review',
    workflow: `bench-${i % 4}`,
    verdict: VERDICTS[i % 3] ?? 'approve',
    finalOutput: i % 3 === 1 ? null : base.finalOutput,
    input: { documentId: `doc-${i}`, pages: 1 + (i % 40) },
    confidence: (i % 1000) / 1000,
    routing: aRouting({ randomSample: i % 7 === 0 }),
    completedAt: new Date(Date.UTC(2026, 10, 1) + i).toISOString(),
  }));
}

function feedbackProcess(brokers: string, databaseUrl: string): SystemProcess {
  return new SystemProcess(
    'feedback',
    process.execPath,
    [...serviceNodeFlags(), entryPoint],
    {
      ...process.env,
      PORT: String(FeedbackBench.port),
      KAFKA_BROKERS: brokers,
      DATABASE_URL: databaseUrl,
      KAFKA_TOPIC_PARTITIONS: String(FeedbackBench.partitions),
      INSTANCE_ID: 'bench-feedback',
      LOG_LEVEL: 'warn',
      FEEDBACK_RECOMMEND_INTERVAL_MS: String(3_600_000),
    },
    join(BenchInfrastructure.outputDir, 'feedback-service.log'),
  );
}

async function rawInserts(db: Client, events: ReviewCompletedV1[]): Promise<number> {
  // The baseline gets its rows ready-made: only the database's work is timed.
  const statements: unknown[][][] = [];
  for (let start = 0; start < events.length; start += FeedbackBench.rowsPerRawStatement) {
    statements.push(rawJudgmentColumns(events.slice(start, start + FeedbackBench.rowsPerRawStatement)));
  }
  await db.query('TRUNCATE feedback.judgments');
  const started = performance.now();
  for (const columns of statements) await db.query(RAW_INSERT_JUDGMENTS_SQL, columns);
  return events.length / ((performance.now() - started) / 1000);
}

/** Produces the backlog with the service stopped, starts it, and times from its first stored row to the last. */
async function serviceIngest(
  kafka: Kafka,
  db: Client,
  brokers: string,
  databaseUrl: string,
  events: ReviewCompletedV1[],
): Promise<number> {
  await db.query('TRUNCATE feedback.judgments');
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let start = 0; start < events.length; start += 1000) {
    const slice = events.slice(start, start + 1000);
    await producer.send({
      topic: Topics.reviewCompleted,
      messages: slice.map((event) => ({ key: event.decisionId, value: JSON.stringify(event) })),
    });
  }
  await producer.disconnect();
  const service = feedbackProcess(brokers, databaseUrl);
  try {
    let first: { at: number; stored: number } | undefined;
    const deadline = Date.now() + 600_000;
    for (;;) {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback.judgments');
      const stored = rows[0]?.n ?? 0;
      const at = performance.now();
      if (stored > 0 && !first) first = { at, stored };
      if (stored >= events.length && first) {
        if (stored === first.stored) throw new Error('the whole backlog landed in one poll; use a larger --count');
        return (stored - first.stored) / ((at - first.at) / 1000);
      }
      if (!service.alive) throw new Error(`the feedback service exited; see ${service.logFile}`);
      if (Date.now() > deadline) throw new Error(`only ${stored} of ${events.length} judgments after 600 s`);
      await sleep(20);
    }
  } finally {
    await service.stop();
  }
}

async function main(): Promise<void> {
  const { count, runs, skipBuild } = options();
  if (!skipBuild) {
    progress('building the feedback service');
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'feedback'], { cwd: repoRoot, stdio: 'ignore' });
  }
  broker = await BenchBroker.provision(FeedbackBench);
  const database = new BenchDatabase(FeedbackBench.database);
  await database.recreate();
  const kafka = new Kafka({
    clientId: 'countersign-bench-feedback',
    brokers: broker.brokers.split(','),
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  await recreateTopics(
    admin,
    [Topics.reviewCompleted, Topics.decisionsFinal, Topics.policyRecommendations, Topics.decisionsDeadLetter],
    FeedbackBench.partitions,
    { 'max.message.bytes': String(8 * 1024 * 1024) },
  );
  await admin.disconnect();
  progress('starting the feedback service once to migrate the database');
  const migrate = feedbackProcess(broker.brokers, database.url);
  await migrate.waitForHealth(`http://127.0.0.1:${FeedbackBench.port}/health`);
  await migrate.stop();

  const db = new Client({ connectionString: database.url });
  await db.connect();
  const raw: number[] = [];
  const service: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const events = workload(run, count);
    raw.push(await rawInserts(db, events));
    progress(`run ${run}/${runs}: raw batched inserts ${formatCount(raw[run - 1] ?? 0)}/s`);
    service.push(await serviceIngest(kafka, db, broker.brokers, database.url, events));
    progress(`run ${run}/${runs}: feedback service ${formatCount(service[run - 1] ?? 0)}/s`);
  }
  await db.end();

  const results = {
    count,
    runs,
    rawPerSecond: median(raw),
    servicePerSecond: median(service),
    ratio: median(service) / median(raw),
    allRuns: { raw, service },
    targets: { perSecond: FeedbackBench.targetPerSecond, ratio: FeedbackBench.targetRatio },
  };
  mkdirSync(BenchInfrastructure.outputDir, { recursive: true });
  writeFileSync(join(BenchInfrastructure.outputDir, 'feedback.json'), `${JSON.stringify(results, null, 2)}\n`);
  const met = results.servicePerSecond >= FeedbackBench.targetPerSecond && results.ratio >= FeedbackBench.targetRatio;
  process.stdout.write(
    `\njudgments ingested per second, median of ${runs} runs of ${formatCount(count)}:\n` +
      `  raw batched pg inserts (${FeedbackBench.rowsPerRawStatement} rows/statement)  ${formatCount(results.rawPerSecond)}/s\n` +
      `  feedback service (Kafka -> decode -> batched insert)   ${formatCount(results.servicePerSecond)}/s\n` +
      `  ratio ${results.ratio.toFixed(2)} (target >= ${FeedbackBench.targetRatio}); ` +
      `${met ? 'targets met' : 'TARGET MISSED'} (>= ${formatCount(FeedbackBench.targetPerSecond)}/s)\n`,
  );
  if (!met) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(
      `bench:feedback: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(async () => {
    await Promise.all([...SystemProcess.running].map((child) => child.stop(10_000).catch(() => undefined)));
    await broker?.stop();
  });
