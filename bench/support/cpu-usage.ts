import { processCpuSeconds, SystemProcess } from './system-process';

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

export function sampleCpu(child: SystemProcess, brokerPid?: number): CpuSample {
  const usage = process.cpuUsage();
  return {
    system: child.cpuSeconds(),
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
