import { Kafka } from 'kafkajs';
import { CpuCores, cpuCoresBetween, CpuSample, formatCores, sampleCpu } from './cpu-usage';
import { DeliveryTally } from './delivery-tally';
import { WorkloadRecord } from './decision-workload';
import { countRecords, nowMs, OutputStalled, OutputWatch } from './output-watch';
import { preload } from './preload';
import { ProcessGroup } from './process-group';
import { formatCount, progress, sleep } from './progress';
import { formatWorkSplit, WorkSplit } from './replica-shares';
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
  /**
   * With several replicas: decisions/s from when the bench first saw every replica in a stable group (polled every
   * 100 ms) to the last output — the rate once the start-up rebalances are over. Undefined if that never happened
   * before the end, or with one process.
   */
  allJoinedPerSecond?: number;
  /** Process spawn → last output seen: includes process boot, migrations, connecting, joining the group. */
  fromStartSeconds: number;
  fromStartPerSecond: number;
  outputs: number;
  outputsPerSecond: number;
  cpuCores: CpuCores;
  /**
   * CPU time the system's processes (all replicas together) used per decision in the window (µs): what a decision
   * costs, and much less sensitive than decisions/s to other work on a shared machine.
   */
  cpuMicrosPerDecision?: number;
  /** When the window began and ended, epoch ms (to cut a CPU profile to it). */
  firstOutputAt: number;
  lastOutputAt: number;
  startedAt: number;
  /** The highest peak resident memory (VmHWM, MB) of the system's processes at the end of the run. */
  peakRssMb?: number;
  /** Each process's peak resident memory (MB), replica by replica. */
  peakRssMbPerProcess: Array<number | undefined>;
  /** Inputs whose counted output was never seen (by the end of the run, or after 60 s without new output). */
  lost: number;
  /** Counted outputs seen again for an input already seen, until the output stayed quiet after the stop. */
  duplicates: number;
  /** How the replicas shared the work, where the system tells it (the router's /metrics and its group). */
  workSplit?: WorkSplit;
  /** The first non-zero exit code of the system's processes after the graceful stop. */
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

  const tally = new DeliveryTally(records.map((record) => record.key));
  const watch = new OutputWatch(context.kafka, undefined, tally);
  await watch.start([topology.counted]);
  const child = system.start(runId, startOptions);
  progress(
    `  ${label}: started (pid ${child.pids}); waiting for ${formatCount(records.length)} on ${topology.counted}`,
  );
  let running = true;
  const allJoined = whenAllJoined(system, child, watch, () => running);
  const cpu = await waitForAllOutputs(context, watch, child, records.length, label).finally(() => {
    running = false;
  });
  const firstAt = watch.firstAt ?? child.startedAt;
  const lastAt = watch.lastAt ?? nowMs();
  const countedAtEnd = watch.count;
  const deliveredAtEnd = watch.delivered;
  const joined = await allJoined;
  const peakRssMbPerProcess = child.peakRssMb();
  const peaks = peakRssMbPerProcess.filter((mb): mb is number => mb !== undefined);
  const workSplit = await system.workSplit?.().catch((error: unknown) => {
    progress(`  ${label}: could not read how the replicas shared the work: ${String(error)}`);
    return undefined;
  });
  const [others, exitCode] = await Promise.all([
    topology.otherOutputs.length > 0 ? countRecords(context.kafka, topology.otherOutputs, records.length) : 0,
    child.stop(),
  ]);
  // Whatever the stop published (a batch in flight, a rebalance as replicas leave) is seen before the tally is read.
  await watch.settle();
  await watch.stop();

  const windowSeconds = (lastAt - firstAt) / 1000;
  const fromStartSeconds = (lastAt - child.startedAt) / 1000;
  const cpuCores = cpuCoresBetween(cpu.first, cpu.last, windowSeconds);
  const outputs = countedAtEnd + others;
  const inWindow = deliveredAtEnd - watch.countAtFirst;
  const result: ThroughputRun = {
    system: system.name,
    run: runId,
    decisions: records.length,
    windowSeconds,
    decisionsPerSecond: inWindow / windowSeconds,
    allJoinedPerSecond: allJoinedRate(joined, { at: firstAt, delivered: watch.countAtFirst }, lastAt, deliveredAtEnd),
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
    peakRssMb: peaks.length > 0 ? Math.max(...peaks) : undefined,
    peakRssMbPerProcess,
    lost: tally.lost,
    duplicates: tally.duplicates,
    workSplit,
    exitCode,
    concurrentTransactionRetries: system.logsKafkaRetries ? child.concurrentTransactionRetries() : undefined,
  };
  progress(`  ${label}: ${describe(result)}`);
  return result;
}

/** The rate from the later of "all joined" and the first output (before the first output nothing is measured). */
function allJoinedRate(
  joined: { at: number; delivered: number } | undefined,
  first: { at: number; delivered: number },
  lastAt: number,
  deliveredAtEnd: number,
): number | undefined {
  if (!joined) return undefined;
  const from = joined.at > first.at ? joined : first;
  return lastAt > from.at ? (deliveredAtEnd - from.delivered) / ((lastAt - from.at) / 1000) : undefined;
}

/** When (and how far along) the bench first saw all of a system's replicas in a stable group; undefined if never. */
async function whenAllJoined(
  system: SystemUnderTest,
  child: ProcessGroup,
  watch: OutputWatch,
  running: () => boolean,
): Promise<{ at: number; delivered: number } | undefined> {
  if (child.processes.length < 2 || !system.groupStable) return undefined;
  while (running()) {
    const stable = await system.groupStable().catch(() => false);
    if (stable && running()) return { at: nowMs(), delivered: watch.delivered };
    await sleep(100);
  }
  return undefined;
}

/**
 * Waits for every output, sampling CPU at the first and the last; on failure says what the processes logged. A stall
 * with every process alive ends the run instead: what never came is counted lost.
 */
async function waitForAllOutputs(
  context: BenchContext,
  watch: OutputWatch,
  child: ProcessGroup,
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
    if (error instanceof OutputStalled && child.alive && watch.count > 0) {
      progress(`  ${error.message}: ending the run; the rest counts as lost`);
      return { first, last: sampleCpu(child, context.brokerPid) };
    }
    await child.stop();
    await watch.stop();
    const errors = child.lastErrors();
    if (errors.length === 0) throw error;
    throw new Error(`${(error as Error).message}; last errors in ${child.logFiles}:\n  ${errors.join('\n  ')}`);
  }
  return { first, last: sampleCpu(child, context.brokerPid) };
}

function describe(run: ThroughputRun): string {
  return (
    `${formatCount(run.decisionsPerSecond)} decisions/s (${run.windowSeconds.toFixed(2)} s first→last output; ` +
    `${run.fromStartSeconds.toFixed(2)} s from process start), ${formatCount(run.outputsPerSecond)} outputs/s; ` +
    (run.allJoinedPerSecond
      ? `${formatCount(run.allJoinedPerSecond)} decisions/s once all replicas had joined; `
      : '') +
    formatCores(run.cpuCores) +
    (run.cpuMicrosPerDecision ? `; ${run.cpuMicrosPerDecision.toFixed(0)} µs CPU per decision` : '') +
    (run.peakRssMb ? `; peak RSS ${peakRss(run.peakRssMbPerProcess)} MB` : '') +
    `; ${run.lost} lost, ${run.duplicates} duplicates` +
    (run.workSplit && run.workSplit.replicas.length > 1 ? `; ${formatWorkSplit(run.workSplit)}` : '') +
    (run.concurrentTransactionRetries ? `; ${run.concurrentTransactionRetries} CONCURRENT_TRANSACTIONS retries` : '')
  );
}

function peakRss(perProcess: ReadonlyArray<number | undefined>): string {
  return perProcess.map((mb) => (mb === undefined ? 'n/a' : mb.toFixed(0))).join(', ');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
