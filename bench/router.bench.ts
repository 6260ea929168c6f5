// `npm run bench:router -- [--count 100000] [--runs 3] [--rate 1000] ...`: the router's throughput and latency beside
// a raw kafkajs eachBatch pass-through measured on the same broker in the same run. See docs/performance.md
// for what is measured and how; the results go to .cache/bench/router.json.
import 'reflect-metadata';
import { decodeEvent, DecisionV1 } from '@countersign/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchBroker } from './support/bench-broker';
import { BenchDatabase } from './support/bench-database';
import { BenchInfrastructure, BenchOptions, parseBenchOptions, repoRoot, topicConfig } from './support/bench-options';
import { decisionWorkload, describeWorkload, WorkloadRecord } from './support/decision-workload';
import { LatencyRun, measureLatency } from './support/latency-run';
import { BenchContext, measureThroughput, ThroughputRun } from './support/throughput-run';
import { formatCount, progress } from './support/progress';
import {
  BenchResults,
  checkExactlyOnce,
  checkTargets,
  EXACTLY_ONCE,
  figuresOf,
  formatResults,
  machine,
} from './support/results-report';
import { profileRouter, timeRouterAtRate } from './support/router-profile';
import { prepareRouterBuild } from './support/router-build';
import { SystemProcess } from './support/system-process';
import { RawPassThrough, routerEntryPoint, RouterService, SystemUnderTest } from './support/systems-under-test';

const PHASES = 6;
let broker: BenchBroker | undefined;
let cleaningUp: Promise<void> | undefined;

/** Stops every process the bench started and its broker; safe to call more than once. */
function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    await Promise.all([...SystemProcess.running].map((child) => child.stop(10_000).catch(() => undefined)));
    await broker?.stop().catch((error: unknown) => progress(`could not stop the broker: ${String(error)}`));
  })();
  return cleaningUp;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping everything the bench started`);
    void cleanup().finally(() => process.exit(130));
  });
}

interface Bench {
  context: BenchContext;
  rawIdempotent: RawPassThrough;
  rawTransactional: RawPassThrough;
  rawPipeline: RawPassThrough;
  router: RouterService;
  systems: SystemUnderTest[];
  close(): Promise<void>;
}

interface Workload {
  records: WorkloadRecord[];
  latencyRecords: WorkloadRecord[];
  probes: WorkloadRecord[];
}

async function provision(options: BenchOptions): Promise<Bench> {
  progress(`phase 2/${PHASES}: broker and database`);
  broker = await BenchBroker.provision();
  const database = new BenchDatabase();
  await database.recreate();
  const kafka = new Kafka({
    clientId: 'countersign-bench',
    brokers: broker.brokers.split(','),
    logLevel: logLevel.ERROR,
    // Once the bench is stopping, the broker going away is expected, not worth a screen of reconnect errors.
    logCreator: () => (entry) => {
      if (!cleaningUp) process.stderr.write(`[kafkajs] ${entry.log.message}\n`);
    },
  });
  const admin = kafka.admin();
  await admin.connect();
  const config = topicConfig(options);
  progress(
    `  topics get ${options.maxMessageBytes === undefined ? 'the broker default max.message.bytes (1 MiB)' : `max.message.bytes=${options.maxMessageBytes}`}`,
  );
  const rawIdempotent = new RawPassThrough(admin, broker.brokers, 'idempotent', config);
  const rawTransactional = new RawPassThrough(admin, broker.brokers, 'transactional', config);
  const rawPipeline = new RawPassThrough(admin, broker.brokers, 'pipeline', config, database);
  const router = new RouterService(
    admin,
    broker.brokers,
    database,
    config,
    options.routerNodeFlags,
    options.routerEnv,
    options.routers,
  );
  if (options.routerNodeFlags.length > 0) progress(`  router node flags: ${options.routerNodeFlags.join(' ')}`);
  if (options.routers > 1) progress(`  ${options.routers} router replicas in one consumer group`);
  return {
    context: { kafka, brokerPid: broker.pid },
    rawIdempotent,
    rawTransactional,
    rawPipeline,
    router,
    systems: [rawIdempotent, rawTransactional, rawPipeline, router].filter((system) =>
      options.systems.includes(system.name),
    ),
    close: () => admin.disconnect(),
  };
}

async function prepareWorkload(bench: Bench, options: BenchOptions): Promise<Workload> {
  progress(`phase 3/${PHASES}: workload, and a first router start (migrations, seed policies, topics)`);
  const workload = {
    records: decisionWorkload(options.count, 'tp'),
    latencyRecords: decisionWorkload(options.rate * options.latencySeconds, 'lat', 7),
    probes: decisionWorkload(500, 'probe', 3),
  };
  assertValid(workload.records);
  progress(`  throughput workload: ${describeWorkload(workload.records)}`);
  const first = bench.router.start('setup');
  await first.waitForHealth(bench.router.healthUrls());
  await first.stop();
  progress(`  router starts and stops cleanly (log: ${first.logFiles})`);
  return workload;
}

async function measureAllThroughput(bench: Bench, workload: Workload, options: BenchOptions): Promise<ThroughputRun[]> {
  progress(`phase 4/${PHASES}: throughput, ${options.runs} runs of ${formatCount(options.count)} decisions per system`);
  const runs: ThroughputRun[] = [];
  for (let run = 1; run <= options.runs; run += 1) {
    // Interleaved, so a noisy neighbour on this shared machine hurts every system alike.
    for (const system of bench.systems) {
      progress(`run ${run}/${options.runs}: ${system.name} — ${system.description}`);
      runs.push(await measureThroughput(bench.context, system, `r${run}`, workload.records));
    }
  }
  return runs;
}

async function measureAllLatency(bench: Bench, workload: Workload, options: BenchOptions) {
  const latency = new Map<string, LatencyRun>();
  if (options.skipLatency) {
    progress(`phase 5/${PHASES}: latency skipped (--skip-latency)`);
    return latency;
  }
  progress(`phase 5/${PHASES}: latency at ${formatCount(options.rate)} decisions/s for ${options.latencySeconds} s`);
  for (const system of bench.systems) {
    progress(`latency: ${system.name}`);
    const { latencyRecords, probes } = workload;
    latency.set(
      system.name,
      await measureLatency(bench.context, system, latencyRecords, probes, options.rate, options.warmupSeconds),
    );
  }
  return latency;
}

function assemble(
  bench: Bench,
  workload: Workload,
  runs: ThroughputRun[],
  latency: Map<string, LatencyRun>,
  options: BenchOptions,
): BenchResults {
  const all = [bench.rawIdempotent, bench.rawTransactional, bench.rawPipeline, bench.router];
  const figures = all.map((system) => figuresOf(system.name, system.description, runs, latency.get(system.name)));
  const [rawIdempotent, rawTransactional, rawPipeline, router] = figures;
  return {
    generatedAt: new Date().toISOString(),
    machine: machine(),
    options,
    broker: broker?.brokers ?? '',
    workload: describeWorkload(workload.records),
    systems: figures.filter((figure) => figure.runsPerSecond.length > 0),
    ratios: {
      routerVsRawIdempotent: router.medianPerSecond / rawIdempotent.medianPerSecond,
      routerVsRawTransactional: router.medianPerSecond / rawTransactional.medianPerSecond,
      routerVsRawPipeline: router.medianPerSecond / rawPipeline.medianPerSecond,
    },
    targets: [
      ...checkTargets(router, rawTransactional, rawPipeline, options),
      ...checkExactlyOnce(figures, options.routers),
    ],
    throughputRuns: runs,
    routerBuild: routerBuild(),
  };
}

/** Profiles the router where it misses a target: a CPU profile for throughput, batch waits for latency. */
async function diagnose(bench: Bench, workload: Workload, results: BenchResults, options: BenchOptions) {
  const always = options.profile === 'always';
  const latencyCheck = results.targets.find((check) => check.target.includes(' p99 '));
  // A lost or duplicated decision is a correctness failure, which a CPU profile does not explain.
  const throughputMissed = results.targets.some(
    (check) => check !== latencyCheck && !check.target.includes(EXACTLY_ONCE) && !check.pass,
  );
  const latencyMissed = latencyCheck !== undefined && !latencyCheck.pass;
  if (options.routers > 1) {
    progress(`phase 6/${PHASES}: no profile (it reads one router process; --routers ${options.routers})`);
    return;
  }
  if (options.profile === 'never' || (!always && !throughputMissed && !latencyMissed)) {
    progress(`phase 6/${PHASES}: no profile (${options.profile === 'never' ? '--profile never' : 'all targets met'})`);
    return;
  }
  progress(`phase 6/${PHASES}: profiling the router (${always ? '--profile always' : 'a target was missed'})`);
  if (always || throughputMissed) {
    results.profile = await profileRouter(bench.context, bench.router, bench.rawTransactional, workload.records);
  }
  if ((always && !options.skipLatency) || latencyMissed) {
    const { latencyRecords, probes } = workload;
    const records = latencyRecords.slice(0, options.rate * 5);
    results.routerWaitsAtRate = await timeRouterAtRate(bench.context, bench.router, records, probes, options.rate);
  }
}

async function main(options: BenchOptions): Promise<void> {
  rmSync(join(BenchInfrastructure.outputDir, 'logs'), { recursive: true, force: true });
  progress(`phase 1/${PHASES}: router build`);
  await prepareRouterBuild(options.skipBuild);
  const bench = await provision(options);
  const workload = await prepareWorkload(bench, options);
  const runs = await measureAllThroughput(bench, workload, options);
  const latency = await measureAllLatency(bench, workload, options);
  const results = assemble(bench, workload, runs, latency, options);
  await diagnose(bench, workload, results, options);
  await bench.close();

  mkdirSync(BenchInfrastructure.outputDir, { recursive: true });
  const output = join(BenchInfrastructure.outputDir, 'router.json');
  writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(formatResults(results));
  progress(`results written to ${output}`);
}

function routerBuild(): BenchResults['routerBuild'] {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  return {
    builtAt: statSync(routerEntryPoint()).mtime.toISOString(),
    gitHead: git('rev-parse', '--short', 'HEAD') || 'unknown',
    uncommittedFiles: git('status', '--porcelain').split('\n').filter(Boolean).length,
  };
}

/** The router must route every record: a dead-lettered one would never produce the output the bench waits for. */
function assertValid(records: readonly WorkloadRecord[]): void {
  for (const record of records.slice(0, 3_000)) {
    const decoded = decodeEvent(DecisionV1, record.value);
    if (!decoded.ok) {
      throw new Error(`workload record ${record.key} is not a valid DecisionV1: ${decoded.errors.join('; ')}`);
    }
  }
}

let exitCode = 0;
main(parseBenchOptions(process.argv.slice(2)))
  .catch((error: unknown) => {
    exitCode = 1;
    progress(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  })
  .finally(async () => {
    await cleanup();
    process.exit(exitCode);
  });
