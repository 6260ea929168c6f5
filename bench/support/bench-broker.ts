import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { BenchInfrastructure, repoRoot } from './bench-options';
import { progress } from './progress';

/** Where a bench's own broker listens and keeps its data: each bench has its own, so two benches never meet. */
export interface BrokerSettings {
  kafkaPort: number;
  kafkaControllerPort: number;
  kafkaDataDir: string;
}

/** The Kafka broker the whole run measures against: the bench's own (fresh, on 29092) unless KAFKA_BROKERS is set. */
export class BenchBroker {
  private constructor(
    readonly brokers: string,
    private readonly ownBroker: boolean,
    private readonly settings: BrokerSettings,
  ) {}

  static async provision(settings: BrokerSettings = BenchInfrastructure): Promise<BenchBroker> {
    const external = process.env.KAFKA_BROKERS;
    if (external) {
      progress(`using the broker in KAFKA_BROKERS=${external}`);
      progress(
        '  WARNING: the bench deletes and recreates the countersign.decisions* topics and the countersign-router ' +
          'consumer group there; use a broker no other Countersign router uses',
      );
      return new BenchBroker(external, false, settings);
    }
    const { kafkaPort, kafkaControllerPort, kafkaDataDir } = settings;
    // A leftover broker of an interrupted earlier bench run is ours to stop; anything else on the port is not.
    await runKafkaScript('stop', settings);
    if (await portOpen(kafkaPort)) {
      throw new Error(`127.0.0.1:${kafkaPort} is in use by something else; stop it or set KAFKA_BROKERS`);
    }
    if (await portOpen(kafkaControllerPort)) throw new Error(`127.0.0.1:${kafkaControllerPort} is in use`);
    rmSync(kafkaDataDir, { recursive: true, force: true });
    progress(`starting the bench's own Kafka broker on 127.0.0.1:${kafkaPort} (fresh data dir ${kafkaDataDir})`);
    await runKafkaScript('start', settings);
    return new BenchBroker(`127.0.0.1:${kafkaPort}`, true, settings);
  }

  /** The broker JVM's pid, for CPU accounting (only for the bench's own broker). */
  get pid(): number | undefined {
    const pidFile = join(this.settings.kafkaDataDir, 'kafka.pid');
    if (!this.ownBroker || !existsSync(pidFile)) return undefined;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  async stop(): Promise<void> {
    if (!this.ownBroker) return;
    progress('stopping the bench broker');
    await runKafkaScript('stop', this.settings);
    // The topic data of a run is a few GB of nothing; the broker log stays for a post-mortem.
    rmSync(join(this.settings.kafkaDataDir, 'kraft-logs'), { recursive: true, force: true });
  }
}

function runKafkaScript(command: 'start' | 'stop', settings: BrokerSettings): Promise<void> {
  const env = {
    ...process.env,
    KAFKA_PORT: String(settings.kafkaPort),
    KAFKA_CONTROLLER_PORT: String(settings.kafkaControllerPort),
    KAFKA_DATA_DIR: settings.kafkaDataDir,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'deploy', 'local', 'kafka.sh'), command], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C meant for the bench must not kill a start half-way; cleanup stops it.
      detached: true,
    });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) progress(`  ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`deploy/local/kafka.sh ${command} failed (exit ${code})`)),
    );
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
