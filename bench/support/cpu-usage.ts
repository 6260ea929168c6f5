import { readFileSync } from 'node:fs';
import { processCpuSeconds } from './system-process';

/** Average cores busy during a window (1.0 = one core all the time), per process. */
export interface CpuCores {
  system?: number;
  broker?: number;
  bench: number;
}

/** Cumulative CPU seconds of the system under test, the broker and the bench itself at one moment. */
export interface CpuSample {
  system?: number;
  broker?: number;
  bench: number;
}

/** `system`: what the system's processes report together (a ProcessGroup sums its replicas). */
export function sampleCpu(system: { cpuSeconds(): number | undefined }, brokerPid?: number): CpuSample {
  const usage = process.cpuUsage();
  return {
    system: system.cpuSeconds(),
    broker: brokerPid ? processCpuSeconds(brokerPid) : undefined,
    bench: (usage.user + usage.system) / 1e6,
  };
}

export function cpuCoresBetween(first: CpuSample | undefined, last: CpuSample, seconds: number): CpuCores {
  const cores = (a?: number, b?: number) =>
    a !== undefined && b !== undefined && seconds > 0 ? (b - a) / seconds : undefined;
  return {
    system: cores(first?.system, last.system),
    broker: cores(first?.broker, last.broker),
    bench: cores(first?.bench, last.bench) ?? 0,
  };
}

export function formatCores(cores: CpuCores): string {
  const format = (value?: number) => (value === undefined ? 'n/a' : value.toFixed(2));
  return `CPU cores: system ${format(cores.system)}, broker ${format(cores.broker)}, bench ${format(cores.bench)}`;
}

/**
 * CPU seconds the whole machine has been busy (all cores, every process: user, nice, system, irq, softirq) since
 * boot, from /proc/stat; undefined where there is none. The difference over a window, divided by the work done in it,
 * is the work's full CPU cost — service, database, broker and client together — on an otherwise quiet machine.
 */
export function machineBusySeconds(): number | undefined {
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
    const [user, nice, system, , , irq, softirq] = cpu.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
