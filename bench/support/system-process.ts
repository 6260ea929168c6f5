import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { nowMs } from './output-watch';
import { sleep } from './progress';

/** A process the bench started (the router or the raw pass-through): its log goes to a file, never to the screen. */
export class SystemProcess {
  readonly startedAt: number;
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    readonly label: string,
    command: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile, { flags: 'a' });
    this.startedAt = nowMs();
    // Benchmarks are local runs: development mode, so the services accept the public default secrets.
    this.child = spawn(command, [...args], {
      env: { COUNTERSIGN_DEVELOPMENT: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? 128 : null);
        resolve(code);
      }),
    );
    SystemProcess.running.add(this);
    void this.exited.then(() => SystemProcess.running.delete(this));
  }

  /** Every process the bench started and has not yet seen exit: what Ctrl-C or a failure must stop. */
  static readonly running = new Set<SystemProcess>();

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** CPU seconds (user + system) the process has used so far, from /proc; undefined where there is no /proc. */
  cpuSeconds(): number | undefined {
    return this.pid ? processCpuSeconds(this.pid) : undefined;
  }

  /** The most resident memory the process has had so far (MB), from /proc; undefined where there is no /proc. */
  peakRssMb(): number | undefined {
    return this.pid ? processPeakRssMb(this.pid) : undefined;
  }

  async waitForHealth(url: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`${this.label} exited during start-up; see ${this.logFile}`);
      try {
        if ((await fetch(url)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`${this.label} not healthy after ${timeoutMs} ms; see ${this.logFile}`);
  }

  /**
   * How often AddPartitionsToTxn was answered CONCURRENT_TRANSACTIONS (the previous transaction still finishing), each
   * a retry after >= 30 ms, as far as the process logs them: kafkajs logs every one at error level, the router's
   * logger turns them down to debug (so they are not seen here).
   */
  concurrentTransactionRetries(): number {
    try {
      return readFileSync(this.logFile, 'utf8')
        .split('\n')
        .filter((line) => CONCURRENT_TRANSACTIONS.test(line)).length;
    } catch {
      return 0;
    }
  }

  /** The process's last log lines at error level or above, to explain a failure. */
  lastErrors(count = 3): string[] {
    try {
      return readFileSync(this.logFile, 'utf8')
        .split('\n')
        .filter((line) => /"level":"(error|fatal)"|error|Error/.test(line))
        .slice(-count)
        .map((line) => line.slice(0, 400));
    } catch {
      return [];
    }
  }

  /** SIGTERM (a graceful stop: finish and commit the batch in flight), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<number | null> {
    if (!this.alive) return this.exitCode ?? null;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

const CLOCK_TICKS_PER_SECOND = 100;
const CONCURRENT_TRANSACTIONS = /AddPartitionsToTxn.*another concurrent operation/;

export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** VmHWM of /proc/<pid>/status: the kernel's own high-water mark of the process's resident set, in MB. */
export function processPeakRssMb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
