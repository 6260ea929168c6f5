import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../simulated-reviewer';

export type DrillServiceName = 'review' | 'router' | 'feedback' | 'audit';

/** Where a service runs: the address it listens on, and the command prefix that puts it there (a namespace). */
export interface ServicePlacement {
  host: string;
  launcher: string[];
}

/**
 * One built service (dist/) run as a process under a small supervisor: when it exits without being asked to (a
 * crash, or the service giving up on a lost broker, as it is designed to), it is started again, as systemd or
 * Kubernetes would. Its log is appended to `logFile`.
 */
export class SupervisedService {
  private child?: ChildProcess;
  private stopping = false;
  private readonly log: WriteStream;
  /** Restarts after exits nobody asked for. */
  unexpectedExits = 0;

  constructor(
    readonly name: DrillServiceName,
    readonly port: number,
    private readonly repoRoot: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    private readonly placement: ServicePlacement = { host: '127.0.0.1', launcher: [] },
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get url(): string {
    return `http://${this.placement.host}:${this.port}`;
  }

  /** The running process's pid (`ip netns exec` execs the service, so it is the service's own). */
  get pid(): number | undefined {
    const child = this.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  private get entry(): string {
    return join(this.repoRoot, 'dist', 'services', this.name, 'services', this.name, 'src', 'main.js');
  }

  /** The services' Node/V8 flags, as every other launcher passes them (deploy/service-node-flags). */
  private nodeFlags(): string[] {
    return readFileSync(join(this.repoRoot, 'deploy', 'service-node-flags'), 'utf8')
      .replace(/#.*$/gm, '')
      .split(/\s+/)
      .filter(Boolean);
  }

  async start(timeoutMs = 120_000): Promise<void> {
    if (!existsSync(this.entry)) throw new Error(`${this.entry} is missing: build the services first (npm run build)`);
    this.stopping = false;
    this.spawn();
    await this.waitHealthy(timeoutMs);
  }

  private spawn(): void {
    const [command, ...args] = [...this.placement.launcher, process.execPath, ...this.nodeFlags(), this.entry];
    const child = spawn(command, args, {
      cwd: this.repoRoot,
      // A drill is a local run: development mode, so the services accept the public default secrets.
      env: { COUNTERSIGN_DEVELOPMENT: 'true', ...this.env, PORT: String(this.port), HOST: this.placement.host },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      if (this.stopping || this.child !== child) return;
      this.unexpectedExits++;
      this.log.write(`[drill] ${this.name} exited (${signal ?? code}) unasked; restarting it in 1 s\n`);
      setTimeout(() => {
        if (!this.stopping && this.child === child) this.spawn();
      }, 1_000);
    });
    this.child = child;
  }

  async waitHealthy(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ok = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) return;
      await sleep(250);
    }
    throw new Error(`${this.name} not healthy after ${timeoutMs} ms; see ${this.logFile}`);
  }

  /** kill -9, then start it again as a supervisor would, and wait until it is healthy. */
  async crashAndRestart(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      this.stopping = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    await this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}
