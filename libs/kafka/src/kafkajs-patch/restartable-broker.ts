import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A broker of the test's own, from deploy/local/kafka.sh, so that the test can restart it without disturbing the
 * shared harness broker other specs use. Its ports sit beside the harness's (19092/19093 + offset), inside the same
 * COUNTERSIGN_TEST_PORT_OFFSET slot.
 */
export class RestartableBroker {
  readonly port: number;
  readonly dataDir: string;
  private readonly script: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(repoRoot: string, name: string, portShift: number) {
    const offset = Number.parseInt(process.env.COUNTERSIGN_TEST_PORT_OFFSET ?? '0', 10) || 0;
    this.port = 19092 + offset + portShift;
    this.script = join(repoRoot, 'deploy', 'local', 'kafka.sh');
    this.dataDir = join(repoRoot, '.cache', 'kafka', name);
    this.env = {
      ...process.env,
      KAFKA_PORT: String(this.port),
      KAFKA_CONTROLLER_PORT: String(this.port + 1),
      KAFKA_DATA_DIR: this.dataDir,
    };
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** A fresh, empty broker. */
  create(): void {
    this.run('stop');
    rmSync(this.dataDir, { recursive: true, force: true });
    this.run('start');
  }

  restart(): void {
    this.run('stop');
    this.run('start');
  }

  destroy(): void {
    this.run('stop');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private run(command: 'start' | 'stop'): void {
    execFileSync('bash', [this.script, command], { env: this.env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
