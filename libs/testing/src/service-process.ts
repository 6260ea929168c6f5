import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, testPortOffset } from './test-infrastructure';

export type ServiceName = 'router' | 'review' | 'feedback' | 'audit';

/** The bearer token the harness configures for /metrics on every service it starts (METRICS_TOKEN). */
export const TEST_METRICS_TOKEN = 'test-metrics-scrape-token';

/** Options for fetch() that scrape /metrics as Prometheus does in the harness. */
export const metricsScrape = { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } };

export function builtEntryPoint(name: ServiceName): string {
  return join(repoRoot, 'dist', 'services', name, 'services', name, 'src', 'main.js');
}

/** The services' Node/V8 flags (deploy/service-node-flags), so tests run them as they are deployed. */
export function serviceNodeFlags(root = repoRoot): string[] {
  return readFileSync(join(root, 'deploy', 'service-node-flags'), 'utf8')
    .replace(/#.*$/gm, '')
    .split(/\s+/)
    .filter(Boolean);
}

/** One service started from its build output, as `npm start` runs it, with its log kept under artifacts/. */
export class ServiceProcess {
  private child?: ChildProcess;
  readonly logFile: string;
  /** The port it listens on: the one asked for, shifted by COUNTERSIGN_TEST_PORT_OFFSET. */
  readonly port: number;

  constructor(
    readonly name: ServiceName,
    port: number,
    private readonly env: Record<string, string>,
  ) {
    this.port = port + testPortOffset;
    mkdirSync(join(repoRoot, 'artifacts', 'logs'), { recursive: true });
    this.logFile = join(repoRoot, 'artifacts', 'logs', `e2e-${name}.log`);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const entry = builtEntryPoint(this.name);
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [...serviceNodeFlags(), entry], {
      // Tests run services in development mode (well-known development secrets) unless they say otherwise.
      env: {
        COUNTERSIGN_DEVELOPMENT: 'true',
        ...process.env,
        METRICS_TOKEN: TEST_METRICS_TOKEN,
        // Tests call far faster than people; a test of the limit sets its own.
        HTTP_RATE_LIMIT: '1000000',
        ...this.env,
        PORT: String(this.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Both streams share one log file: neither may end it (the other would then write after end, an error Jest
    // pins on whichever test is running); it closes once the child's streams have all closed.
    this.child.stdout?.pipe(log, { end: false });
    this.child.stderr?.pipe(log, { end: false });
    this.child.once('close', () => log.end());
    await this.waitUntilHealthy(timeoutMs);
  }

  private async waitUntilHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) throw new Error(`${this.name} exited during start-up; see ${this.logFile}`);
      try {
        const response = await fetch(`${this.baseUrl}/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} not healthy after ${timeoutMs} ms; see ${this.logFile}`);
  }

  /** SIGTERM (graceful) or SIGKILL (a crash), then wait for the process to be gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}
