import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const repoRoot = join(__dirname, '..', '..');

/**
 * With COUNTERSIGN_TEST_PORT_OFFSET set (engineers sharing a machine), the bench keeps to that offset's ten ports,
 * 40000 + 10 × offset + 0…9, and suffixes its databases: broker +0/+1, routers +2…+4, review replicas +5…+7.
 */
const portOffset = process.env.COUNTERSIGN_TEST_PORT_OFFSET ? Number(process.env.COUNTERSIGN_TEST_PORT_OFFSET) : 0;
export const benchPort = (legacy: number, slot: number): number =>
  portOffset ? 40_000 + 10 * portOffset + slot : legacy;
export const benchDatabaseName = (name: string): string => (portOffset ? `${name}_o${portOffset}` : name);

/** Ports and names of the bench's own infrastructure: nothing here may collide with `npm start` or the tests. */
export const BenchInfrastructure = {
  kafkaPort: benchPort(29092, 0),
  kafkaControllerPort: benchPort(29093, 1),
  kafkaDataDir: join(repoRoot, '.cache', 'kafka', portOffset ? `bench-data-o${portOffset}` : 'bench-data'),
  database: benchDatabaseName('countersign_bench'),
  instanceId: 'bench',
  /** Router replicas --routers may start: as many as the offset's ports hold (+2…+4). */
  maxRouters: 3,
  partitions: 6,
  /**
   * Topic-level max.message.bytes of every topic the bench creates (the broker default is 1 MiB). The router turns a
   * fetched batch of up to 1 MiB per partition into ~1.3x as many bytes of `routed` records for the same partition,
   * sent as one record batch; above 1 MiB the broker rejects it and the router's consumer crash-loops on that batch.
   * See docs/performance.md (router).
   */
  defaultMaxMessageBytes: 8 * 1024 * 1024,
  outputDir: join(repoRoot, '.cache', 'bench'),
} as const;

/** The HTTP port of router replica `replica` (0-based): 25001, 25011, 25021, clear of review's 25000, 25010, 25020. */
export const routerPort = (replica: number): number => benchPort(25_001 + 10 * replica, 2 + replica);

export type ProfileWhen = 'auto' | 'always' | 'never';

export interface BenchOptions {
  /** Decisions per throughput run. */
  count: number;
  /** Throughput runs per system; the median is reported. */
  runs: number;
  /** Decisions per second of the latency phase. */
  rate: number;
  latencySeconds: number;
  warmupSeconds: number;
  /** Profile the router when it misses a throughput target (auto), always, or never. */
  profile: ProfileWhen;
  skipLatency: boolean;
  skipBuild: boolean;
  /** max.message.bytes of the topics the bench creates; undefined keeps the broker default (1 MiB). */
  maxMessageBytes?: number;
  /** Extra node flags for the router process only, e.g. --max-semi-space-size=64 (to try a runtime setting). */
  routerNodeFlags: string[];
  /** Extra environment of the router process (NAME=value), e.g. to try a setting. */
  routerEnv: Record<string, string>;
  /** The systems to measure (all four by default). */
  systems: string[];
  /** Router processes in one consumer group on the same broker and database (each its own port and INSTANCE_ID). */
  routers: number;
}

/** The topic configuration of every topic the bench creates. */
export function topicConfig(options: Pick<BenchOptions, 'maxMessageBytes'>): Record<string, string> {
  return options.maxMessageBytes === undefined ? {} : { 'max.message.bytes': String(options.maxMessageBytes) };
}

const USAGE = `npm run bench:router -- [--count 100000] [--runs 3] [--rate 1000] [--latency-seconds 15]
  [--warmup-seconds 2] [--profile auto|always|never] [--skip-latency] [--skip-build]
  [--max-message-bytes 8388608|default] [--router-node-flags='--max-semi-space-size=64 ...']
  [--router-env='NAME=value ...'] [--systems raw-idempotent,raw-transactional,raw-pipeline,router]
  [--routers 1|2|3]   router replicas in one consumer group (default 1); the profile phase needs 1`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      rate: { type: 'string', default: '1000' },
      'latency-seconds': { type: 'string', default: '15' },
      'warmup-seconds': { type: 'string', default: '2' },
      profile: { type: 'string', default: 'auto' },
      'skip-latency': { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      'max-message-bytes': { type: 'string', default: String(BenchInfrastructure.defaultMaxMessageBytes) },
      'router-node-flags': { type: 'string', default: '' },
      'router-env': { type: 'string', default: '' },
      systems: { type: 'string', default: 'raw-idempotent,raw-transactional,raw-pipeline,router' },
      routers: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const options: BenchOptions = {
    count: positiveInteger('count', values.count),
    runs: positiveInteger('runs', values.runs),
    rate: positiveInteger('rate', values.rate),
    latencySeconds: positiveInteger('latency-seconds', values['latency-seconds']),
    warmupSeconds: Number(values['warmup-seconds']),
    profile: profileWhen(values.profile),
    skipLatency: values['skip-latency'],
    skipBuild: values['skip-build'],
    maxMessageBytes:
      values['max-message-bytes'] === 'default'
        ? undefined
        : positiveInteger('max-message-bytes', values['max-message-bytes']),
    routerNodeFlags: values['router-node-flags'].split(/\s+/).filter(Boolean),
    routerEnv: Object.fromEntries(
      values['router-env']
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
    systems: values.systems.split(',').filter(Boolean),
    routers: positiveInteger('routers', values.routers),
  };
  if (options.routers > BenchInfrastructure.maxRouters) {
    throw new Error(
      `--routers must be at most ${BenchInfrastructure.maxRouters} (the ports the bench keeps for routers), got ${options.routers}\n${USAGE}`,
    );
  }
  if (!(options.warmupSeconds >= 0 && options.warmupSeconds < options.latencySeconds)) {
    throw new Error(`--warmup-seconds must be >= 0 and below --latency-seconds\n${USAGE}`);
  }
  return options;
}

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer, got '${raw}'\n${USAGE}`);
  return value;
}

function profileWhen(raw: string): ProfileWhen {
  if (raw === 'auto' || raw === 'always' || raw === 'never') return raw;
  throw new Error(`--profile must be auto, always or never, got '${raw}'\n${USAGE}`);
}
