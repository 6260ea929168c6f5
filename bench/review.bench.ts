// `npm run bench:review -- [--tasks 5000] [--runs 3] [--reviewers 50] [--replicas 2] [--skip-build]`: the review API's next+complete
// throughput and latency with concurrent reviewers, beside a hand-written SQL `SKIP LOCKED` claim-and-update loop on
// the same database in the same run. See docs/performance.md; results go to .cache/bench/review.json.
import 'reflect-metadata';
import { Kafka, logLevel } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CpuProfile, formatCpuProfileSummary, summariseCpuProfile } from './cpu-profile-summary';
import { BenchBroker } from './support/bench-broker';
import { BenchDatabase } from './support/bench-database';
import { benchDatabaseName, BenchInfrastructure, benchPort, repoRoot } from './support/bench-options';
import { machineBusySeconds } from './support/cpu-usage';
import { formatCount, progress } from './support/progress';
import { RawClaimLoop } from './support/raw-claim-loop';
import { RawReviewLoop } from './support/raw-review-loop';
import { DrainRun, drainThroughApi, pairsPerSecond } from './support/reviewer-pool';
import { seedReviewTasks } from './support/review-tasks-seed';
import { median, summariseLatencies } from './support/statistics';
import { SystemProcess } from './support/system-process';
import { serviceNodeFlags } from '@countersign/testing';

const REVIEW_PORT = 25000;
const DATABASE = benchDatabaseName('countersign_bench_review');
/** Issue 16's: against the like-for-like raw loop; p99 back to back and paced; 0 failed operations. */
const TARGETS = { ratio: 0.6, pairsPerSecond: 900, p99Ms: 50, pacedP99Ms: 20, peakRssMb: 200 };

const USAGE = `npm run bench:review -- [--tasks 5000] [--runs 3] [--reviewers 50] [--replicas 2] [--rate 100]
  [--latency-seconds 20] [--skip-build] [--cpu-prof] [--review-node-flags='--max-semi-space-size=8 ...']`;
const CPU_PROFILE_DIR = join(BenchInfrastructure.outputDir, 'review-profile');
/** The build measured: a copy of dist/services/review, so a rebuild mid-run cannot mix two builds (as for the router). */
const REVIEW_SNAPSHOT = join(BenchInfrastructure.outputDir, 'review-build');

interface Options {
  tasks: number;
  runs: number;
  reviewers: number;
  /** Review service processes sharing the database; reviewer i talks to replica i mod n. */
  replicas: number;
  /** Pairs per second, all reviewers together, of the paced latency phase. */
  rate: number;
  latencySeconds: number;
  skipBuild: boolean;
  /** Run the review service under `node --cpu-prof` and print where its CPU time went. */
  cpuProf: boolean;
  /** Node flags of the review processes after the services' own (deploy/service-node-flags), to try a setting. */
  reviewNodeFlags: string[];
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      tasks: { type: 'string', default: '5000' },
      runs: { type: 'string', default: '3' },
      reviewers: { type: 'string', default: '50' },
      replicas: { type: 'string', default: '2' },
      rate: { type: 'string', default: '100' },
      'latency-seconds': { type: 'string', default: '20' },
      'skip-build': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'review-node-flags': { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const positive = (name: string, value: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0)
      throw new Error(`--${name} must be a positive whole number\n${USAGE}`);
    return parsed;
  };
  return {
    tasks: positive('tasks', values.tasks),
    runs: positive('runs', values.runs),
    reviewers: positive('reviewers', values.reviewers),
    replicas: positive('replicas', values.replicas),
    rate: positive('rate', values.rate),
    latencySeconds: positive('latency-seconds', values['latency-seconds']),
    skipBuild: values['skip-build'],
    cpuProf: values['cpu-prof'],
    reviewNodeFlags: values['review-node-flags'].split(/\s+/).filter(Boolean),
  };
}

let broker: BenchBroker | undefined;
let reviews: SystemProcess[] = [];

async function cleanup(): Promise<void> {
  await Promise.all(reviews.map((review) => review.stop(10_000).catch(() => undefined)));
  await broker?.stop().catch(() => undefined);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping everything the bench started`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** 25000, 25010, ...: clear of the router bench's 25001 and the feedback bench's 25102. */
const reviewPort = (replica: number) => benchPort(REVIEW_PORT + 10 * replica, 5 + replica);
const reviewUrl = (replica: number) => `http://127.0.0.1:${reviewPort(replica)}`;

function startReview(brokers: string, databaseUrl: string, options: Options, replica: number): SystemProcess {
  const entry = join(REVIEW_SNAPSHOT, 'services', 'review', 'src', 'main.js');
  const profile = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [];
  return new SystemProcess(
    replica === 0 ? 'review' : `review-${replica}`,
    process.execPath,
    [...serviceNodeFlags(), ...options.reviewNodeFlags, ...profile, entry],
    {
      ...process.env,
      PORT: String(reviewPort(replica)),
      KAFKA_BROKERS: brokers,
      DATABASE_URL: databaseUrl,
      INSTANCE_ID: `${BenchInfrastructure.instanceId}-${replica}`,
      LOG_LEVEL: 'warn',
      ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
      // The limiter guards against a runaway client; the bench measures the API behind it.
      REVIEW_WRITE_LIMIT: '1000000',
      HTTP_RATE_LIMIT: '0',
    },
    join(BenchInfrastructure.outputDir, 'logs', replica === 0 ? 'review.log' : `review-${replica}.log`),
  );
}

function cpuMedian(runs: DrainRun[], of: 'machine' | 'process'): string {
  const values = runs.map((run) => run.cpuMsPerPair?.[of]).filter((value): value is number => value !== undefined);
  return values.length ? median(values).toFixed(2) : 'n/a';
}

function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Runs a drain and notes its CPU cost per pair: the machine's, and that of the process doing the work. */
async function measuredCpu(
  drain: () => Promise<DrainRun>,
  processSeconds: () => number | undefined,
): Promise<DrainRun> {
  const before = { machine: machineBusySeconds(), process: processSeconds() };
  const run = await drain();
  const after = { machine: machineBusySeconds(), process: processSeconds() };
  const perPair = (a?: number, b?: number) =>
    a !== undefined && b !== undefined && run.pairs > 0 ? ((b - a) * 1000) / run.pairs : undefined;
  run.cpuMsPerPair = {
    machine: perPair(before.machine, after.machine),
    process: perPair(before.process, after.process),
  };
  return run;
}

function describe(label: string, run: DrainRun): string {
  const next = summariseLatencies(run.nextMs);
  const complete = summariseLatencies(run.completeMs);
  const failures = Object.entries(run.failures)
    .map(([what, n]) => `${what}: ${n}`)
    .join(', ');
  const cpu = run.cpuMsPerPair
    ? `; CPU/pair: machine ${run.cpuMsPerPair.machine?.toFixed(2) ?? 'n/a'} ms, process ${run.cpuMsPerPair.process?.toFixed(2) ?? 'n/a'} ms`
    : '';
  return (
    `  ${label}: ${formatCount(run.pairs)} next+complete in ${(run.elapsedMs / 1000).toFixed(1)} s = ` +
    `${formatCount(pairsPerSecond(run))}/s; next p50 ${next.p50.toFixed(1)} p99 ${next.p99.toFixed(1)} ms, ` +
    `complete p50 ${complete.p50.toFixed(1)} p99 ${complete.p99.toFixed(1)} ms${cpu}${failures ? `; FAILURES ${failures}` : ''}`
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  progress(
    `review bench: ${formatCount(options.tasks)} tasks per run, ${options.reviewers} concurrent reviewers, ` +
      `${options.runs} runs of each system (alternating), ${options.replicas} review replica(s)`,
  );
  if (!options.skipBuild) {
    progress('phase 1/6: npx nx run review:build');
    execFileSync('npx', ['nx', 'run', 'review:build', '--output-style=stream'], { cwd: repoRoot, stdio: 'ignore' });
  }
  rmSync(REVIEW_SNAPSHOT, { recursive: true, force: true });
  cpSync(join(repoRoot, 'dist', 'services', 'review'), REVIEW_SNAPSHOT, { recursive: true });
  progress(`phase 2/6: broker, database and the review service (${options.replicas} replica(s))`);
  const benchBroker = await BenchBroker.provision();
  broker = benchBroker;
  const database = new BenchDatabase(DATABASE);
  await database.recreate();
  if (options.cpuProf) rmSync(CPU_PROFILE_DIR, { recursive: true, force: true });
  const replicas = Array.from({ length: options.replicas }, (_, replica) => replica);
  reviews = replicas.map((replica) => startReview(benchBroker.brokers, database.url, options, replica));
  await Promise.all(reviews.map((review, replica) => review.waitForHealth(`${reviewUrl(replica)}/health`)));
  for (const [replica, review] of reviews.entries())
    progress(`  review service healthy on :${reviewPort(replica)} (log ${review.logFile})`);
  const reviewUrls = replicas.map(reviewUrl);
  const reviewCpuSeconds = () => {
    const seconds = reviews.map((review) => review.cpuSeconds());
    let total = 0;
    for (const value of seconds) {
      if (value === undefined) return undefined;
      total += value;
    }
    return total;
  };
  const kafka = new Kafka({
    clientId: 'countersign-bench',
    brokers: benchBroker.brokers.split(','),
    logLevel: logLevel.ERROR,
  });
  const raw = new RawClaimLoop(database.url);
  // As many connections as the API's replicas have together (DATABASE_POOL_SIZE each, 10 by default).
  const poolSize = options.replicas * Number(process.env.DATABASE_POOL_SIZE ?? 10);
  const full = new RawReviewLoop(database.url, poolSize);
  const fullOneStatement = new RawReviewLoop(database.url, poolSize, 'statement');

  // Both systems drain a first, smaller queue unmeasured: the first requests of a fresh process pay for V8's JIT and
  // for opening connections, which is not what a service that has been up for a while costs.
  const warmUpTasks = Math.min(1_000, options.tasks);
  progress(`phase 3/6: warm-up (${formatCount(warmUpTasks)} tasks through each system, not measured)`);
  await seedReviewTasks(kafka, database.url, 'bench-review-warm-up', warmUpTasks);
  await raw.prepare('bench-review-warm-up');
  await raw.drain(options.reviewers);
  await full.prepare('bench-review-warm-up');
  await full.drain(options.reviewers);
  await fullOneStatement.prepare('bench-review-warm-up');
  await fullOneStatement.drain(options.reviewers);
  await drainThroughApi(reviewUrls, 'bench-review-warm-up', options.reviewers);

  progress('phase 4/6: throughput runs, unpaced (reviewers back to back)');
  const apiRuns: DrainRun[] = [];
  const rawRuns: DrainRun[] = [];
  const fullRuns: DrainRun[] = [];
  const statementRuns: DrainRun[] = [];
  for (let run = 1; run <= options.runs; run += 1) {
    const workflow = `bench-review-${run}`;
    await seedReviewTasks(kafka, database.url, workflow, options.tasks);
    const copied = await raw.prepare(workflow);
    if (copied !== options.tasks) throw new Error(`copied ${copied} of ${options.tasks} tasks for the raw loop`);
    const rawRun = await measuredCpu(() => raw.drain(options.reviewers), ownCpuSeconds);
    rawRuns.push(rawRun);
    progress(describe(`run ${run} raw SQL`, rawRun));
    if ((await full.prepare(workflow)) !== options.tasks) throw new Error(`could not copy the tasks for the full loop`);
    const fullRun = await measuredCpu(() => full.drain(options.reviewers), ownCpuSeconds);
    fullRuns.push(fullRun);
    progress(describe(`run ${run} raw SQL like for like`, fullRun));
    await fullOneStatement.prepare(workflow);
    const statementRun = await measuredCpu(() => fullOneStatement.drain(options.reviewers), ownCpuSeconds);
    statementRuns.push(statementRun);
    progress(describe(`run ${run} raw SQL like for like, claim in one statement`, statementRun));
    const apiRun = await measuredCpu(() => drainThroughApi(reviewUrls, workflow, options.reviewers), reviewCpuSeconds);
    apiRuns.push(apiRun);
    progress(describe(`run ${run} review API`, apiRun));
  }

  progress(`phase 5/6: latency at a paced ${options.rate} pairs/s for ${options.latencySeconds} s`);
  const pacedTasks = options.rate * options.latencySeconds;
  await seedReviewTasks(kafka, database.url, 'bench-review-paced', pacedTasks);
  const paced = await drainThroughApi(reviewUrls, 'bench-review-paced', options.reviewers, {
    pairsPerSecond: options.rate,
  });
  progress(describe('paced review API', paced));

  progress('phase 6/6: results');
  const apiRate = median(apiRuns.map(pairsPerSecond));
  const rawRate = median(rawRuns.map(pairsPerSecond));
  const fullRate = median(fullRuns.map(pairsPerSecond));
  const statementRate = median(statementRuns.map(pairsPerSecond));
  const ratio = apiRate / rawRate;
  const likeForLike = apiRate / fullRate;
  const peakRssMb = reviews.map((review) => review.peakRssMb() ?? 0);
  const apiNext = summariseLatencies(apiRuns.flatMap((run) => run.nextMs));
  const apiComplete = summariseLatencies(apiRuns.flatMap((run) => run.completeMs));
  const rawNext = summariseLatencies(rawRuns.flatMap((run) => run.nextMs));
  const rawComplete = summariseLatencies(rawRuns.flatMap((run) => run.completeMs));
  const fullNext = summariseLatencies(fullRuns.flatMap((run) => run.nextMs));
  const fullComplete = summariseLatencies(fullRuns.flatMap((run) => run.completeMs));
  const pacedNext = summariseLatencies(paced.nextMs);
  const pacedComplete = summariseLatencies(paced.completeMs);
  const failures = [...apiRuns, ...rawRuns, ...fullRuns, ...statementRuns, paced].reduce(
    (n, run) => n + Object.values(run.failures).reduce((a, b) => a + b, 0),
    0,
  );
  const p99 = Math.max(pacedNext.p99, pacedComplete.p99);
  const saturatedP99 = Math.max(apiNext.p99, apiComplete.p99);
  const met = (pass: boolean) => (pass ? 'MET' : 'MISSED');
  const ms = (summary: { p50: number; p99: number }) => `${summary.p50.toFixed(1)}/${summary.p99.toFixed(1)} ms`;
  const lines = [
    '',
    `review bench — ${options.reviewers} concurrent reviewers, ${options.replicas} review replica(s), ` +
      `${formatCount(options.tasks)} tasks per run, median of ${options.runs} runs`,
    'throughput (reviewers back to back, no reading time):',
    `  review API, next + complete over HTTP:  ${formatCount(apiRate).padStart(6)} pairs/s   ` +
      `next p50/p99 ${ms(apiNext)}, complete p50/p99 ${ms(apiComplete)}`,
    `  raw SQL SKIP LOCKED claim + update:     ${formatCount(rawRate).padStart(6)} pairs/s   ` +
      `claim p50/p99 ${ms(rawNext)}, update p50/p99 ${ms(rawComplete)}`,
    `  raw SQL like for like (history, outbox): ${formatCount(fullRate).padStart(6)} pairs/s   ` +
      `claim p50/p99 ${ms(fullNext)}, complete p50/p99 ${ms(fullComplete)}`,
    `  the same, claim in one statement:       ${formatCount(statementRate).padStart(6)} pairs/s   ` +
      `claim p50/p99 ${ms(summariseLatencies(statementRuns.flatMap((run) => run.nextMs)))}; ` +
      `CPU/pair machine ${cpuMedian(statementRuns, 'machine')} ms`,
    `  CPU per pair (median): whole machine API ${cpuMedian(apiRuns, 'machine')} vs raw ${cpuMedian(rawRuns, 'machine')} ` +
      `vs like for like ${cpuMedian(fullRuns, 'machine')} ms; review processes ${cpuMedian(apiRuns, 'process')} ms, ` +
      `raw loop process ${cpuMedian(rawRuns, 'process')} ms, like-for-like loop ${cpuMedian(fullRuns, 'process')} ms`,
    `  ratio API / raw: ${ratio.toFixed(2)}; API / like for like: ${likeForLike.toFixed(2)} ` +
      `(target ≥ ${TARGETS.ratio}) ${met(likeForLike >= TARGETS.ratio)}`,
    `  API ${formatCount(apiRate)} pairs/s (target ≥ ${TARGETS.pairsPerSecond}) ${met(apiRate >= TARGETS.pairsPerSecond)}; ` +
      `p99 back to back ${saturatedP99.toFixed(1)} ms (target ≤ ${TARGETS.p99Ms} ms) ${met(saturatedP99 <= TARGETS.p99Ms)}`,
    `latency at a paced ${options.rate} pairs/s (${formatCount(paced.pairs)} pairs, ${options.reviewers} reviewers):`,
    `  next p50/p99 ${ms(pacedNext)}, complete p50/p99 ${ms(pacedComplete)}; ` +
      `worst p99 ${p99.toFixed(1)} ms (target ≤ ${TARGETS.pacedP99Ms} ms) ${met(p99 <= TARGETS.pacedP99Ms)}`,
    `peak RSS per review replica: ${peakRssMb.map((mb) => `${mb.toFixed(0)} MB`).join(', ')} ` +
      `(target < ${TARGETS.peakRssMb} MB) ${met(peakRssMb.every((mb) => mb < TARGETS.peakRssMb))}`,
    `failed operations: ${failures}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(BenchInfrastructure.outputDir, { recursive: true });
  const resultsFile = join(BenchInfrastructure.outputDir, 'review.json');
  writeFileSync(
    resultsFile,
    JSON.stringify(
      {
        options,
        apiRate,
        rawRate,
        fullRate,
        ratio,
        likeForLike,
        peakRssMb,
        apiRuns: apiRuns.map(pairsPerSecond),
        rawRuns: rawRuns.map(pairsPerSecond),
        fullRuns: fullRuns.map(pairsPerSecond),
        statementRate,
        statementRuns: statementRuns.map(pairsPerSecond),
        cpuMsPerPair: {
          api: { machine: cpuMedian(apiRuns, 'machine'), process: cpuMedian(apiRuns, 'process') },
          raw: { machine: cpuMedian(rawRuns, 'machine'), process: cpuMedian(rawRuns, 'process') },
          full: { machine: cpuMedian(fullRuns, 'machine'), process: cpuMedian(fullRuns, 'process') },
        },
        apiNext,
        apiComplete,
        rawNext,
        rawComplete,
        pacedNext,
        pacedComplete,
        failures,
        at: new Date(),
      },
      null,
      2,
    ),
  );
  progress(`results written to ${resultsFile}`);
  if (options.cpuProf) {
    await Promise.all(reviews.map((review) => review.stop(20_000)));
    // One profile per replica (the outbox relay runs in the leading one).
    const files = readdirSync(CPU_PROFILE_DIR).filter((name) => name.endsWith('.cpuprofile'));
    for (const file of files) {
      const profile = JSON.parse(readFileSync(join(CPU_PROFILE_DIR, file), 'utf8')) as CpuProfile;
      process.stdout.write(`\nreview service CPU profile (${join(CPU_PROFILE_DIR, file)}):\n`);
      process.stdout.write(`${formatCpuProfileSummary(summariseCpuProfile(profile))}\n`);
    }
  }
  if (failures > 0) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench:review failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => void cleanup());
