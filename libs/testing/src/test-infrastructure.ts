import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
export const repoRoot = join(__dirname, '..', '..', '..');
const stateFile = join(repoRoot, '.cache', 'test-infrastructure.json');

/** Where the tests' Kafka and Postgres live, and what the harness must stop afterwards. */
export interface TestInfrastructure {
  kafkaBrokers: string;
  databaseUrl: string;
  source: 'environment' | 'testcontainers' | 'local';
  stopLocalKafka: boolean;
  containerIds: string[];
}

/**
 * COUNTERSIGN_TEST_PORT_OFFSET shifts every port and the database name the harness uses, so two checkouts on one
 * machine (a second worktree, a benchmark) can run their integration tests at the same time without meeting.
 */
export const testPortOffset = Number.parseInt(process.env.COUNTERSIGN_TEST_PORT_OFFSET ?? '0', 10) || 0;

const LOCAL_TEST_KAFKA = {
  KAFKA_PORT: String(19092 + testPortOffset),
  KAFKA_CONTROLLER_PORT: String(19093 + testPortOffset),
};
const TEST_DATABASE = testPortOffset ? `countersign_test_${testPortOffset}` : 'countersign_test';
const MEDIUM_DATABASE = testPortOffset ? `countersign_medium_${testPortOffset}` : 'countersign_medium';

function log(message: string): void {
  process.stdout.write(`[test-harness] ${message}\n`);
}

async function dockerAnswers(): Promise<boolean> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** A fresh, empty database for this run, so results never depend on an earlier run's rows. */
async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startLocalKafka(): Promise<string> {
  const dataDir = join(repoRoot, '.cache', 'kafka', 'test-data');
  const env = { ...process.env, ...LOCAL_TEST_KAFKA, KAFKA_DATA_DIR: dataDir };
  // A fresh log directory per run: topics and consumer groups start empty, like a new cluster.
  execFileSync('bash', [join(repoRoot, 'deploy/local/kafka.sh'), 'stop'], { env, stdio: 'inherit' });
  rmSync(dataDir, { recursive: true, force: true });
  log(
    `starting a local Kafka broker from Maven jars on 127.0.0.1:${LOCAL_TEST_KAFKA.KAFKA_PORT} (no Docker engine answered)`,
  );
  execFileSync('bash', [join(repoRoot, 'deploy/local/kafka.sh'), 'start'], { env, stdio: 'inherit' });
  return `127.0.0.1:${LOCAL_TEST_KAFKA.KAFKA_PORT}`;
}

export function stopLocalKafka(): void {
  const env = { ...process.env, ...LOCAL_TEST_KAFKA, KAFKA_DATA_DIR: join(repoRoot, '.cache', 'kafka', 'test-data') };
  execFileSync('bash', [join(repoRoot, 'deploy/local/kafka.sh'), 'stop'], { env, stdio: 'inherit' });
}

/**
 * Finds Kafka and Postgres for the integration and end-to-end tests: KAFKA_BROKERS / TEST_DATABASE_URL when set,
 * else Testcontainers when a Docker engine answers, else the project's own Maven-jar broker and the local Postgres.
 *
 * Never the app's DATABASE_URL: the tests migrate, truncate and tamper with what they are given, and a DATABASE_URL
 * left in a shell (pointing at a development or live database) must not become their target.
 */
export async function provisionInfrastructure(): Promise<TestInfrastructure> {
  const containerIds: string[] = [];
  let source: TestInfrastructure['source'] = 'environment';
  let stopKafka = false;
  let kafkaBrokers = process.env.KAFKA_BROKERS ?? '';
  let serverUrl = process.env.TEST_DATABASE_URL ?? '';

  if ((!kafkaBrokers || !serverUrl) && (await dockerAnswers())) {
    source = 'testcontainers';
    if (!kafkaBrokers) {
      const { KafkaContainer } = await import('@testcontainers/kafka');
      const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
      containerIds.push(kafka.getId());
      kafkaBrokers = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    }
    if (!serverUrl) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const postgres = await new PostgreSqlContainer('postgres:16-alpine').start();
      containerIds.push(postgres.getId());
      serverUrl = postgres.getConnectionUri();
    }
  }
  if (!kafkaBrokers) {
    source = 'local';
    kafkaBrokers = await startLocalKafka();
    stopKafka = true;
  }
  const databaseUrl = process.env.TEST_DATABASE_URL
    ? serverUrl
    : await recreateDatabase(serverUrl || 'postgres://postgres@127.0.0.1:5432/postgres', TEST_DATABASE);

  const infrastructure: TestInfrastructure = {
    kafkaBrokers,
    databaseUrl,
    source,
    stopLocalKafka: stopKafka,
    containerIds,
  };
  mkdirSync(join(repoRoot, '.cache'), { recursive: true });
  writeFileSync(stateFile, JSON.stringify(infrastructure, null, 2));
  log(`Kafka ${kafkaBrokers}, Postgres ${databaseUrl} (${source})`);
  return infrastructure;
}

export function readInfrastructure(): TestInfrastructure {
  if (!existsSync(stateFile)) throw new Error('test infrastructure not provisioned: run through jest.int/e2e configs');
  return JSON.parse(readFileSync(stateFile, 'utf8')) as TestInfrastructure;
}

export async function releaseInfrastructure(): Promise<void> {
  if (!existsSync(stateFile)) return;
  const infrastructure = readInfrastructure();
  if (infrastructure.stopLocalKafka && !process.env.KEEP_TEST_KAFKA) stopLocalKafka();
  for (const id of infrastructure.containerIds) {
    await run('docker', ['rm', '-f', id]).catch(() => undefined);
  }
  rmSync(stateFile, { force: true });
}

/**
 * A fresh database for the middle tier (*.medium-spec.ts): Postgres only, on TEST_DATABASE_URL's server or the local
 * one, never the app's DATABASE_URL. Each service's specs migrate its own schema in it.
 */
export async function provisionMediumDatabase(): Promise<string> {
  const server = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = await recreateDatabase(server, MEDIUM_DATABASE);
  log(`medium tier: Postgres ${url}`);
  return url;
}
