import { Kafka } from 'kafkajs';
import { CpuCores, cpuCoresBetween, CpuSample, formatCores, sampleCpu } from './cpu-usage';
import { WorkloadRecord } from './decision-workload';
import { countRecords, nowMs, OutputWatch } from './output-watch';
import { preload } from './preload';
import { formatCount, progress } from './progress';
import { SystemProcess } from './system-process';
import { StartOptions, SystemName, SystemUnderTest } from './systems-under-test';

export interface BenchContext {
  kafka: Kafka;
  brokerPid?: number;
}

export interface ThroughputRun {
  system: SystemName;
  run: string;
  decisions: number;
  /** First output seen → last output seen: the rate once the system is working. */
  windowSeconds: number;
  /**
   * Decisions whose output was seen after the first one, over the window. (Not all N: the first outputs stand for
   * work done before the window opened — for a router with six partitions in flight, six whole batches.)
   */
  decisionsPerSecond: number;
  /** Process spawn → last output seen: includes process boot, migrations, connecting, joining the group. */
  fromStartSeconds: number;
  fromStartPerSecond: number;
  outputs: number;
  outputsPerSecond: number;
  cpuCores: CpuCores;
  /**
   * CPU time the system's process used per decision in the window (µs): what a decision costs, and much less
   * sensitive than decisions/s to other work on a shared machine.
   */
  cpuMicrosPerDecision?: number;
  /** When the window began and ended, epoch ms (to cut a CPU profile to it). */
  firstOutputAt: number;
  lastOutputAt: number;
  startedAt: number;
  /** The process's peak resident memory (VmHWM, MB) at the end of the run. */
  peakRssMb?: number;
  /** The process's exit code after the graceful stop. */
  exitCode: number | null;
  /** CONCURRENT_TRANSACTIONS retries, where the process logs them (see SystemProcess.concurrentTransactionRetries). */
  concurrentTransactionRetries?: number;
}

/**
 * Preloads every record, then starts the system and times it until every decision's counted output was seen by a
 * read_committed watcher. The same procedure for the router and the baselines.
 */
export async function measureThroughput(
  context: BenchContext,
  system: SystemUnderTest,
  runId: string,
  records: readonly WorkloadRecord[],
  startOptions: StartOptions = {},
): Promise<ThroughputRun> {
  const label = `${system.name} ${runId}`;
  const topology = await system.prepare(runId);
  const preloadMs = await preload(context.kafka, topology.input, records);
  progress(`  ${label}: preloaded ${formatCount(records.length)} onto ${topology.input} in ${seconds(preloadMs)} s`);

  const watch = new OutputWatch(context.kafka);
  await watch.start([topology.counted]);
  const child = system.start(runId, startOptions);
  progress(`  ${label}: started (pid ${child.pid}); waiting for ${formatCount(records.length)} on ${topology.counted}`);
  const cpu = await waitForAllOutputs(context, watch, child, records.length, label);
  const firstAt = watch.firstAt ?? child.startedAt;
  const lastAt = watch.lastAt ?? nowMs();
  await watch.stop();
  const peakRssMb = child.peakRssMb();
  const [others, exitCode] = await Promise.all([
    topology.otherOutputs.length > 0 ? countRecords(context.kafka, topology.otherOutputs, records.length) : 0,
    child.stop(),
  ]);

  const windowSeconds = (lastAt - firstAt) / 1000;
  const fromStartSeconds = (lastAt - child.startedAt) / 1000;
  const cpuCores = cpuCoresBetween(cpu.first, cpu.last, windowSeconds);
  const outputs = watch.count + others;
  const inWindow = records.length - watch.countAtFirst;
  const result: ThroughputRun = {
    system: system.name,
    run: runId,
    decisions: records.length,
    windowSeconds,
    decisionsPerSecond: inWindow / windowSeconds,
    fromStartSeconds,
    fromStartPerSecond: records.length / fromStartSeconds,
    outputs,
    outputsPerSecond: ((outputs / records.length) * inWindow) / windowSeconds,
    cpuCores,
    cpuMicrosPerDecision:
      cpuCores.system === undefined ? undefined : (cpuCores.system * windowSeconds * 1e6) / inWindow,
    firstOutputAt: firstAt,
    lastOutputAt: lastAt,
    startedAt: child.startedAt,
    peakRssMb,
    exitCode,
    concurrentTransactionRetries: system.logsKafkaRetries ? child.concurrentTransactionRetries() : undefined,
  };
  progress(`  ${label}: ${describe(result)}`);
  return result;
}

/** Waits for every output, sampling CPU at the first and the last; on failure says what the process logged. */
async function waitForAllOutputs(
  context: BenchContext,
  watch: OutputWatch,
  child: SystemProcess,
  expected: number,
  label: string,
): Promise<{ first?: CpuSample; last: CpuSample }> {
  let first: CpuSample | undefined;
  try {
    await watch.waitFor(
      expected,
      label,
      () => child.alive,
      60_000,
      () => {
        first = sampleCpu(child, context.brokerPid);
      },
    );
  } catch (error) {
    await child.stop();
    await watch.stop();
    const errors = child.lastErrors();
    if (errors.length === 0) throw error;
    throw new Error(`${(error as Error).message}; last errors in ${child.logFile}:\n  ${errors.join('\n  ')}`);
  }
  return { first, last: sampleCpu(child, context.brokerPid) };
}

function describe(run: ThroughputRun): string {
  return (
    `${formatCount(run.decisionsPerSecond)} decisions/s (${run.windowSeconds.toFixed(2)} s first→last output; ` +
    `${run.fromStartSeconds.toFixed(2)} s from process start), ${formatCount(run.outputsPerSecond)} outputs/s; ` +
    formatCores(run.cpuCores) +
    (run.cpuMicrosPerDecision ? `; ${run.cpuMicrosPerDecision.toFixed(0)} µs CPU per decision` : '') +
    (run.peakRssMb ? `; peak RSS ${run.peakRssMb.toFixed(0)} MB` : '') +
    (run.concurrentTransactionRetries ? `; ${run.concurrentTransactionRetries} CONCURRENT_TRANSACTIONS retries` : '')
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
