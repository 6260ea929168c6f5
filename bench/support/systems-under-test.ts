import 'reflect-metadata';
import { Topics } from '@countersign/contracts';
import { serviceNodeFlags } from '@countersign/testing';
import { Admin } from 'kafkajs';
import { join } from 'node:path';
import { BenchDatabase } from './bench-database';
import { BenchInfrastructure, repoRoot } from './bench-options';
import { deleteGroupIfPresent, recreateTopics } from './kafka-topics';
import { SystemProcess } from './system-process';

export type SystemName = 'raw-idempotent' | 'raw-transactional' | 'raw-pipeline' | 'router';

/** Where one run's records go in and what the bench watches come out. */
export interface Topology {
  input: string;
  /** The topic whose records count as "decisions done": one record per decision. */
  counted: string;
  /** Further outputs of each decision, counted after the run for outputs/s. */
  otherOutputs: string[];
}

export interface StartOptions {
  /** Run under `node --cpu-prof`, writing the profile here. */
  cpuProfileDir?: string;
  /** Load bench/support/router-timing-hook.ts and have it write its per-batch wait times here. */
  timingFile?: string;
}

const TIMING_HOOK = join(repoRoot, 'bench', 'support', 'router-timing-hook.ts');

function timingHook(options: StartOptions, topic: string): { flags: string[]; env: NodeJS.ProcessEnv } {
  if (!options.timingFile) return { flags: [], env: {} };
  return {
    flags: ['--require', require.resolve('tsx/cjs'), '--require', TIMING_HOOK],
    env: { BENCH_TIMING_FILE: options.timingFile, BENCH_TIMED_TOPIC: topic },
  };
}

export interface SystemUnderTest {
  readonly name: SystemName;
  readonly description: string;
  /** Whether kafkajs's retry errors reach the process log (the router logs routine ones at debug, unseen here). */
  readonly logsKafkaRetries: boolean;
  /** Fresh, empty topics (and consumer group, and ledger) for one run. */
  prepare(runId: string): Promise<Topology>;
  start(runId: string, options?: StartOptions): SystemProcess;
}

const logDir = join(BenchInfrastructure.outputDir, 'logs');

/**
 * Plain kafkajs eachBatch consume → produce, in its own process (bench/raw-pass-through.ts): unchanged (idempotent,
 * transactional), or the router's work by hand (pipeline: two outputs, producer per partition, ledger inserts).
 */
export class RawPassThrough implements SystemUnderTest {
  readonly name: SystemName;
  readonly description: string;
  readonly logsKafkaRetries = true;

  constructor(
    private readonly admin: Admin,
    private readonly brokers: string,
    private readonly mode: 'idempotent' | 'transactional' | 'pipeline',
    private readonly topicConfig: Record<string, string>,
    private readonly database?: BenchDatabase,
  ) {
    this.name = `raw-${mode}`;
    this.description = {
      idempotent: 'raw kafkajs eachBatch pass-through, idempotent producer, autoCommit',
      transactional: 'raw kafkajs eachBatch pass-through, one transaction per batch with sendOffsets',
      pipeline: 'raw kafkajs + pg, like for like: two outputs per input, producer per partition, ledger inserts',
    }[mode];
  }

  private topology(runId: string): Topology {
    const output = `bench.raw.out.${this.mode}.${runId}`;
    const second = this.mode === 'pipeline' ? [`bench.raw.out2.${this.mode}.${runId}`] : [];
    return { input: `bench.raw.in.${this.mode}.${runId}`, counted: output, otherOutputs: second };
  }

  async prepare(runId: string): Promise<Topology> {
    const topology = this.topology(runId);
    const topics = [topology.input, topology.counted, ...topology.otherOutputs];
    await recreateTopics(this.admin, topics, BenchInfrastructure.partitions, this.topicConfig);
    return topology;
  }

  start(runId: string, options: StartOptions = {}): SystemProcess {
    const topology = this.topology(runId);
    const hook = timingHook(options, topology.input);
    const config = {
      brokers: this.brokers,
      input: topology.input,
      output: topology.counted,
      groupId: `bench-raw-${this.mode}-${runId}`,
      mode: this.mode,
      transactionalId: `bench-raw-${this.mode}-${runId}`,
      secondOutput: topology.otherOutputs[0],
      databaseUrl: this.database?.url,
    };
    return new SystemProcess(
      this.name,
      process.execPath,
      [...process.execArgv, ...hook.flags, join(repoRoot, 'bench', 'raw-pass-through.ts'), JSON.stringify(config)],
      { ...process.env, ...hook.env },
      join(logDir, `${this.name}-${runId}.log`),
    );
  }
}

export const ROUTER_GROUP = 'countersign-router';

/** Where `nx run router:build` writes the router. */
export const routerBuildDir = join(repoRoot, 'dist', 'services', 'router');
/** The copy of that build the bench measures, so that a rebuild by someone else mid-run cannot mix two builds. */
export const routerSnapshotDir = join(BenchInfrastructure.outputDir, 'router-build');

export function routerEntryPoint(buildDir = routerSnapshotDir): string {
  return join(buildDir, 'services', 'router', 'src', 'main.js');
}

/** The built router service, as `npm start` runs it, against the bench broker and database. */
export class RouterService implements SystemUnderTest {
  readonly name: SystemName = 'router';
  readonly description = 'countersign router (Nest, KafkaBatchTransport, transactional, Postgres ledger)';
  readonly logsKafkaRetries = false;
  static readonly topics = [
    Topics.decisions,
    Topics.decisionsDeadLetter,
    Topics.decisionsRouted,
    Topics.decisionsFinal,
    Topics.reviewRequested,
  ];

  constructor(
    private readonly admin: Admin,
    private readonly brokers: string,
    private readonly database: BenchDatabase,
    private readonly topicConfig: Record<string, string>,
    private readonly nodeFlags: readonly string[] = [],
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  async prepare(): Promise<Topology> {
    await deleteGroupIfPresent(this.admin, ROUTER_GROUP);
    await recreateTopics(this.admin, RouterService.topics, BenchInfrastructure.partitions, this.topicConfig);
    // A fresh database per run: every run routes the same decision ids into an empty ledger, whatever tables the
    // router keeps (the router migrates it and seeds its policies again at start, before it consumes).
    await this.database.recreate(true);
    return {
      input: Topics.decisions,
      counted: Topics.decisionsRouted,
      otherOutputs: [Topics.decisionsFinal, Topics.reviewRequested],
    };
  }

  start(runId: string, options: StartOptions = {}): SystemProcess {
    const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const hook = timingHook(options, Topics.decisions);
    return new SystemProcess(
      'router',
      process.execPath,
      // The deployed flags first; --router-node-flags after them win (e.g. --max-semi-space-size=0 for V8's default).
      [...serviceNodeFlags(), ...this.nodeFlags, ...profile, ...hook.flags, routerEntryPoint()],
      {
        // A benchmark run is a development one (the development sampling secret) unless configured.
        COUNTERSIGN_DEVELOPMENT: 'true',
        ...process.env,
        ...hook.env,
        PORT: String(BenchInfrastructure.routerPort),
        KAFKA_BROKERS: this.brokers,
        DATABASE_URL: this.database.url,
        INSTANCE_ID: BenchInfrastructure.instanceId,
        KAFKA_TOPIC_PARTITIONS: String(BenchInfrastructure.partitions),
        LOG_LEVEL: 'warn',
        ...this.extraEnv,
      },
      join(logDir, `router-${runId}.log`),
    );
  }

  healthUrl(): string {
    return `http://127.0.0.1:${BenchInfrastructure.routerPort}/health`;
  }
}
