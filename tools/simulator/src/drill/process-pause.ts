import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sleep } from '../simulated-reviewer';

/**
 * SIGSTOP, then SIGCONT after `ms`: the process (a GC stall, a frozen VM) keeps its sockets, locks and beliefs —
 * its transactional id, its consumer group membership, its leases — while the world moves on without it.
 */
export async function pauseProcesses(pids: () => number[], ms: number): Promise<void> {
  const stopped = pids();
  if (stopped.length === 0) throw new Error('no process to pause');
  for (const pid of stopped) {
    paused.add(pid);
    signal(pid, 'SIGSTOP');
  }
  try {
    await sleep(ms);
  } finally {
    resume(stopped);
  }
}

/** Processes paused right now: a drill stopped mid-pause resumes them first, or they could not shut down. */
const paused = new Set<number>();

function resume(pids: Iterable<number>): void {
  for (const pid of [...pids]) {
    paused.delete(pid);
    signal(pid, 'SIGCONT');
  }
}

export function resumeAllPaused(): void {
  resume(paused);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // A process that exited meanwhile has nothing left to pause or resume.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** The pid a pid file names (a broker's kafka.pid, the first line of Postgres's postmaster.pid). */
export function pidFromFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0], 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** A process and its children (Postgres: the postmaster and its backends, checkpointer, WAL writer, ...). */
export function withChildren(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent pid; the command name before it may hold spaces, hence ')'.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [pid, ...children];
}
