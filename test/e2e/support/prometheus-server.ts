import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { repoRoot } from '@countersign/testing';

export const PROMETHEUS = '/usr/bin/prometheus';

/**
 * Debian's prometheus server, installed with apt when missing (as the browser test installs chromium): a machine
 * without it and without the right to install it fails here, loudly, rather than skipping the scrape test.
 */
export function ensurePrometheus(): void {
  if (existsSync(PROMETHEUS)) return;
  const apt = (args: string[]) =>
    execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    try {
      apt(['install', '-y', '--no-install-recommends', 'prometheus']);
    } catch {
      apt(['update']);
      apt(['install', '-y', '--no-install-recommends', 'prometheus']);
    }
  } catch (error) {
    throw new Error(`${PROMETHEUS} is missing and apt-get could not install it (apt-get install prometheus): ${error}`);
  }
  if (!existsSync(PROMETHEUS)) throw new Error(`apt-get installed prometheus, but ${PROMETHEUS} is still missing`);
}

export interface ScrapeTarget {
  job: string;
  address: string;
}

/** A real Prometheus server scraping `targets` every second with a bearer token, in a throw-away data directory. */
export class PrometheusServer {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'countersign-prometheus-'));

  constructor(
    readonly port: number,
    private readonly targets: ScrapeTarget[],
    private readonly bearerToken: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    ensurePrometheus();
    const config = {
      global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
      // The operators' alert rules, evaluated against what the services really export.
      rule_files: [join(repoRoot, 'deploy', 'prometheus', 'alerts.yml')],
      scrape_configs: this.targets.map(({ job, address }) => ({
        job_name: job,
        metrics_path: '/metrics',
        authorization: { type: 'Bearer', credentials: this.bearerToken },
        static_configs: [{ targets: [address] }],
      })),
    };
    const configFile = join(this.dir, 'prometheus.yml');
    writeFileSync(configFile, stringify(config));
    mkdirSync(join(repoRoot, 'artifacts', 'logs'), { recursive: true });
    const log = createWriteStream(join(repoRoot, 'artifacts', 'logs', 'e2e-prometheus.log'));
    this.child = spawn(
      PROMETHEUS,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        '--storage.tsdb.retention.time=1h',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    const exited = new Promise<never>((_, reject) =>
      this.child?.once('exit', (code) => reject(new Error(`prometheus exited (${code}); see e2e-prometheus.log`))),
    );
    await Promise.race([this.ready(), exited]);
  }

  private async ready(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const answered = await fetch(`${this.url}/-/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (answered) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('prometheus not ready within 60 s');
  }

  /** The series matching `selector` now (an instant query). */
  async query(selector: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const response = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(selector)}`);
    const body = (await response.json()) as { status: string; data?: { result: [] }; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus refused ${selector}: ${body.error}`);
    return body.data?.result ?? [];
  }

  /** Each scrape target's health as Prometheus last saw it. */
  async targetHealth(): Promise<Array<{ job: string; health: string; lastError: string }>> {
    const response = await fetch(`${this.url}/api/v1/targets?state=active`);
    const body = (await response.json()) as {
      data: { activeTargets: Array<{ labels: { job: string }; health: string; lastError: string }> };
    };
    return body.data.activeTargets.map((target) => ({
      job: target.labels.job,
      health: target.health,
      lastError: target.lastError,
    }));
  }

  /** Every alerting rule's evaluation health ('ok', 'err' with its error, 'unknown' before the first). */
  async ruleHealth(): Promise<Array<{ name: string; health: string; lastError?: string }>> {
    const response = await fetch(`${this.url}/api/v1/rules?type=alert`);
    const body = (await response.json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
    };
    return body.data.groups.flatMap((group) =>
      group.rules.map(({ name, health, lastError }) => ({ name, health, lastError })),
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
