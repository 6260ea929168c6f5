import { join } from 'node:path';
import { runCommand } from './run-command';

/** The drill's own broker: deploy/local/kafka.sh with its own ports and data directory. */
export class DrillKafka {
  constructor(
    private readonly repoRoot: string,
    readonly port: number,
    readonly controllerPort: number,
    readonly dataDir: string,
    readonly host = '127.0.0.1',
  ) {}

  get brokers(): string {
    return `${this.host}:${this.port}`;
  }

  get pidFile(): string {
    return join(this.dataDir, 'kafka.pid');
  }

  private script(command: 'start' | 'stop' | 'reset'): Promise<string> {
    return runCommand('bash', [join(this.repoRoot, 'deploy/local/kafka.sh'), command], {
      ...process.env,
      KAFKA_HOST: this.host,
      KAFKA_PORT: String(this.port),
      KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      KAFKA_DATA_DIR: this.dataDir,
    });
  }

  /** A fresh broker: an earlier drill's data is deleted first, so topics and groups start empty. */
  async create(): Promise<void> {
    await this.script('reset');
    await this.script('start');
  }

  start(): Promise<string> {
    return this.script('start');
  }

  stop(): Promise<string> {
    return this.script('stop');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
