import 'reflect-metadata';
import { Topics } from '@countersign/contracts';
import { serviceNodeFlags } from '@countersign/testing';
import { Admin } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { BenchDatabase } from './bench-database';
import { BenchInfrastructure, repoRoot, routerPort } from './bench-options';
import { deleteGroupIfPresent, recreateTopics } from './kafka-topics';
import { ProcessGroup } from './process-group';
import { partitionsByMember, replicaShare, WorkSplit } from './replica-shares';
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
  start(runId: string, options?: StartOptions): ProcessGroup;
  /** How the system's replicas shared a run's work, read from the running processes where they tell it. */
  workSplit?(): Promise<WorkSplit>;
  /** Whether every replica is in the consumer group and the group is stable (no rebalance under way). */
  groupStable?(): Promise<boolean>;
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

  start(runId: string, options: StartOptions = {}): ProcessGroup {
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
    return new ProcessGroup([
      new SystemProcess(
        this.name,
        process.execPath,
        [...process.execArgv, ...hook.flags, join(repoRoot, 'bench', 'raw-pass-through.ts'), JSON.stringify(config)],
        { ...process.env, ...hook.env },
        join(logDir, `${this.name}-${runId}.log`),
      ),
    ]);
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
  readonly description: string;
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
    private readonly replicas = 1,
  ) {
    this.description =
      'countersign router (Nest, KafkaBatchTransport, transactional, Postgres ledger)' +
      (replicas > 1 ? `, ${replicas} replicas in one consumer group` : '');
  }

  private readonly metricsToken = randomBytes(24).toString('hex');

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

  /**
   * Every replica at once, each with its own port, INSTANCE_ID (its policy-listener group) and log, all in the one
   * consumer group `countersign-router`; the transactional ids are per input partition, not per replica, so whichever
   * replica owns a partition fences the previous owner and no other.
   */
  start(runId: string, options: StartOptions = {}): ProcessGroup {
    const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const hook = timingHook(options, Topics.decisions);
    const replicas = Array.from({ length: this.replicas }, (_, replica) => replica);
    return new ProcessGroup(
      replicas.map(
        (replica) =>
          new SystemProcess(
            replica === 0 ? 'router' : `router-${replica}`,
            process.execPath,
            // The deployed flags first; --router-node-flags after them win (e.g. --max-semi-space-size=0 for V8's default).
            [...serviceNodeFlags(), ...this.nodeFlags, ...profile, ...hook.flags, routerEntryPoint()],
            {
              // A benchmark run is a development one (the development sampling secret) unless configured.
              COUNTERSIGN_DEVELOPMENT: 'true',
              ...process.env,
              ...hook.env,
              PORT: String(routerPort(replica)),
              KAFKA_BROKERS: this.brokers,
              DATABASE_URL: this.database.url,
              INSTANCE_ID: RouterService.instanceId(replica),
              KAFKA_TOPIC_PARTITIONS: String(BenchInfrastructure.partitions),
              LOG_LEVEL: 'warn',
              // Read once, after the run: how the replicas shared the partitions.
              METRICS_TOKEN: this.metricsToken,
              ...this.extraEnv,
            },
            join(logDir, replica === 0 ? `router-${runId}.log` : `router-${replica}-${runId}.log`),
          ),
      ),
    );
  }

  /** `bench` for one router, as before replicas; `bench`, `bench-1`, `bench-2` for several. */
  private static instanceId(replica: number): string {
    return replica === 0 ? BenchInfrastructure.instanceId : `${BenchInfrastructure.instanceId}-${replica}`;
  }

  async groupStable(): Promise<boolean> {
    const { groups } = await this.admin.describeGroups([ROUTER_GROUP]);
    return groups[0]?.state === 'Stable' && groups[0].members.length === this.replicas;
  }

  async workSplit(): Promise<WorkSplit> {
    const { groups } = await this.admin.describeGroups([ROUTER_GROUP]);
    const replicas = await Promise.all(
      Array.from({ length: this.replicas }, async (_, replica) => {
        const response = await fetch(`http://127.0.0.1:${routerPort(replica)}/metrics`, {
          headers: { authorization: `Bearer ${this.metricsToken}` },
        });
        if (!response.ok) throw new Error(`router replica ${replica} /metrics answered ${response.status}`);
        return replicaShare(RouterService.instanceId(replica), ROUTER_GROUP, await response.text());
      }),
    );
    return { replicas, partitionsAtEnd: groups[0] ? partitionsByMember(groups[0], Topics.decisions) : [] };
  }

  healthUrls(): string[] {
    return Array.from({ length: this.replicas }, (_, replica) => `http://127.0.0.1:${routerPort(replica)}/health`);
  }
}
