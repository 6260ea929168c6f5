import { SystemProcess } from './system-process';

/**
 * The processes of one system under test — one, or the router's replicas in one consumer group — started, measured
 * and stopped together: CPU is their sum, memory is per process, and the system is up only while all of them are.
 */
export class ProcessGroup {
  constructor(readonly processes: readonly SystemProcess[]) {
    if (processes.length === 0) throw new Error('a process group needs at least one process');
  }

  get startedAt(): number {
    return Math.min(...this.processes.map((child) => child.startedAt));
  }

  get alive(): boolean {
    return this.processes.every((child) => child.alive);
  }

  get pids(): string {
    return this.processes.map((child) => child.pid ?? '?').join(', ');
  }

  get logFiles(): string {
    return this.processes.map((child) => child.logFile).join(', ');
  }

  /** CPU seconds all the processes have used so far; undefined if any cannot be read. */
  cpuSeconds(): number | undefined {
    const each = this.processes.map((child) => child.cpuSeconds());
    return each.some((seconds) => seconds === undefined)
      ? undefined
      : each.reduce((sum: number, seconds) => sum + (seconds ?? 0), 0);
  }

  /** Each process's peak resident memory (MB), in start order; undefined where it cannot be read. */
  peakRssMb(): Array<number | undefined> {
    return this.processes.map((child) => child.peakRssMb());
  }

  concurrentTransactionRetries(): number {
    return this.processes.reduce((sum, child) => sum + child.concurrentTransactionRetries(), 0);
  }

  lastErrors(count = 3): string[] {
    return this.processes.flatMap((child) => child.lastErrors(count).map((line) => `${child.label}: ${line}`));
  }

  async waitForHealth(urls: readonly string[]): Promise<void> {
    await Promise.all(this.processes.map((child, index) => child.waitForHealth(urls[index])));
  }

  /** Stops every process at once (a graceful stop each); the first non-zero exit code, else 0 (null if none). */
  async stop(timeoutMs?: number): Promise<number | null> {
    const codes = await Promise.all(this.processes.map((child) => child.stop(timeoutMs)));
    return codes.find((code) => code !== 0 && code !== null) ?? codes.find((code) => code !== null) ?? null;
  }
}
