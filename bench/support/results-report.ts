import { cpus } from 'node:os';
import { BenchOptions } from './bench-options';
import { LatencyRun } from './latency-run';
import { ThroughputRun } from './throughput-run';
import { formatCount } from './progress';
import { formatWorkSplit } from './replica-shares';
import { RouterProfile } from './router-profile';
import { WaitBreakdown } from './wait-breakdown';
import { median } from './statistics';
import { SystemName } from './systems-under-test';

/** Issue 16's: against the like-for-like pipeline and the pure transactional pass-through, in the same run. */
export const Targets = {
  ratioLikeForLike: 0.85,
  ratioTransactional: 0.5,
  decisionsPerSecond: 16_000,
  p99Ms: 50,
  cpuMicrosPerDecision: 55,
  peakRssMb: 200,
} as const;

export interface SystemFigures {
  system: SystemName;
  description: string;
  runsPerSecond: number[];
  medianPerSecond: number;
  medianFromStartPerSecond: number;
  medianOutputsPerSecond: number;
  medianCpuCores?: number;
  medianCpuMicrosPerDecision?: number;
  /** The highest peak RSS of any of the system's processes over its runs (MB). */
  peakRssMb?: number;
  /** Inputs never seen on the counted output, and outputs seen twice, summed over the runs (exactly once: 0 and 0). */
  lost: number;
  duplicates: number;
  latency?: LatencyRun;
}

export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean;
}

export interface BenchResults {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; node: string };
  options: BenchOptions;
  broker: string;
  workload: string;
  systems: SystemFigures[];
  ratios: { routerVsRawIdempotent: number; routerVsRawTransactional: number; routerVsRawPipeline: number };
  targets: TargetCheck[];
  throughputRuns: ThroughputRun[];
  /** What was measured: the router build and the state of the working tree it was built from. */
  routerBuild: { builtAt: string; gitHead: string; uncommittedFiles: number };
  profile?: RouterProfile;
  routerWaitsAtRate?: WaitBreakdown;
}

export function figuresOf(
  system: SystemName,
  description: string,
  runs: readonly ThroughputRun[],
  latency?: LatencyRun,
): SystemFigures {
  const mine = runs.filter((run) => run.system === system);
  const defined = (values: Array<number | undefined>) => values.filter((value): value is number => value !== undefined);
  const cores = defined(mine.map((run) => run.cpuCores.system));
  const micros = defined(mine.map((run) => run.cpuMicrosPerDecision));
  const rss = defined(mine.map((run) => run.peakRssMb));
  return {
    system,
    description,
    runsPerSecond: mine.map((run) => Math.round(run.decisionsPerSecond)),
    medianPerSecond: median(mine.map((run) => run.decisionsPerSecond)),
    medianFromStartPerSecond: median(mine.map((run) => run.fromStartPerSecond)),
    medianOutputsPerSecond: median(mine.map((run) => run.outputsPerSecond)),
    medianCpuCores: cores.length ? median(cores) : undefined,
    medianCpuMicrosPerDecision: micros.length ? median(micros) : undefined,
    peakRssMb: rss.length ? Math.max(...rss) : undefined,
    lost: mine.reduce((sum, run) => sum + run.lost, 0),
    duplicates: mine.reduce((sum, run) => sum + run.duplicates, 0),
    latency,
  };
}

export function checkTargets(
  router: SystemFigures,
  rawTransactional: SystemFigures,
  rawPipeline: SystemFigures,
  options: BenchOptions,
): TargetCheck[] {
  const likeForLike = router.medianPerSecond / rawPipeline.medianPerSecond;
  const pure = router.medianPerSecond / rawTransactional.medianPerSecond;
  const measured = (baseline: SystemFigures) => baseline.runsPerSecond.length > 0;
  const checks: TargetCheck[] = [];
  // A ratio needs its baseline in the run (--systems may leave it out).
  if (measured(rawPipeline)) {
    checks.push({
      target: `router/raw-pipeline (like for like) >= ${Targets.ratioLikeForLike}`,
      measured: likeForLike.toFixed(2),
      pass: likeForLike >= Targets.ratioLikeForLike,
    });
  }
  if (measured(rawTransactional)) {
    checks.push({
      target: `router/raw-transactional >= ${Targets.ratioTransactional}`,
      measured: pure.toFixed(2),
      pass: pure >= Targets.ratioTransactional,
    });
  }
  checks.push({
    target: `router >= ${formatCount(Targets.decisionsPerSecond)} decisions/s`,
    measured: `${formatCount(router.medianPerSecond)}/s`,
    pass: router.medianPerSecond >= Targets.decisionsPerSecond,
  });
  if (router.medianCpuMicrosPerDecision !== undefined) {
    checks.push({
      target: `router <= ${Targets.cpuMicrosPerDecision} µs CPU per decision`,
      measured: `${router.medianCpuMicrosPerDecision.toFixed(0)} µs`,
      pass: router.medianCpuMicrosPerDecision <= Targets.cpuMicrosPerDecision,
    });
  }
  if (router.peakRssMb !== undefined) {
    checks.push({
      target: `router peak RSS < ${Targets.peakRssMb} MB`,
      measured: `${router.peakRssMb.toFixed(0)} MB`,
      pass: router.peakRssMb < Targets.peakRssMb,
    });
  }
  if (router.latency) {
    checks.push({
      target: `router p99 <= ${Targets.p99Ms} ms at ${formatCount(options.rate)} decisions/s`,
      measured: `${router.latency.p99.toFixed(1)} ms`,
      pass: router.latency.p99 <= Targets.p99Ms && router.latency.missing === 0,
    });
  }
  return checks;
}

/**
 * Every decision exactly once on its counted output: the router always (the correctness a replica count must keep),
 * a baseline only when it lost or duplicated something (then its figures are not comparable).
 */
export const EXACTLY_ONCE = 'every decision exactly once';

export function checkExactlyOnce(systems: readonly SystemFigures[], routers: number): TargetCheck[] {
  return systems
    .filter(
      (figures) =>
        figures.runsPerSecond.length > 0 && (figures.system === 'router' || figures.lost + figures.duplicates > 0),
    )
    .map((figures) => ({
      target: `${figures.system === 'router' && routers > 1 ? `${routers} routers` : figures.system}: ${EXACTLY_ONCE} on its output, every run`,
      measured: `${figures.lost} lost, ${figures.duplicates} duplicates`,
      pass: figures.lost === 0 && figures.duplicates === 0,
    }));
}

export function machine(): BenchResults['machine'] {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version };
}

/** What the CPU cost per decision allows: a Node process runs its handlers on one core. */
function cpuCeiling(systems: SystemFigures[]): string[] {
  const router = systems.find((figures) => figures.system === 'router')?.medianCpuMicrosPerDecision;
  const raw = systems.find((figures) => figures.system === 'raw-idempotent')?.medianCpuMicrosPerDecision;
  if (router === undefined || raw === undefined) return [];
  return [
    '',
    `CPU per decision: router ${router.toFixed(0)} µs, raw pass-through ${raw.toFixed(0)} µs ` +
      `(${(router / raw).toFixed(1)}x): one core, fully the router's, allows at most ${formatCount(1e6 / router)} decisions/s`,
  ];
}

/** With several router replicas: how each run's work was split among them (from their /metrics). */
function replicaSplit(runs: readonly ThroughputRun[]): string[] {
  const shared = runs.filter((run) => run.system === 'router' && (run.workSplit?.replicas.length ?? 0) > 1);
  if (shared.length === 0) return [];
  const joined = shared.map((run) => run.allJoinedPerSecond);
  const known = joined.filter((rate): rate is number => rate !== undefined);
  return [
    '',
    `router decisions/s once every replica had joined (start-up rebalances over): median ` +
      `${known.length ? formatCount(median(known)) : 'n/a'} (${joined.map((rate) => (rate ? formatCount(rate) : 'n/a')).join(' / ')})`,
    'router replicas, per run (decisions routed by each, its group joins, the partitions of each member at the end):',
    ...shared.map(
      (run) =>
        `  ${run.run}: ${run.workSplit ? formatWorkSplit(run.workSplit) : ''}; peak RSS ` +
        run.peakRssMbPerProcess.map((mb) => (mb === undefined ? 'n/a' : `${mb.toFixed(0)} MB`)).join(', '),
    ),
  ];
}

function latencyWaits(waits: WaitBreakdown | undefined, rate: number): string[] {
  if (!waits) return [];
  return [
    '',
    `where a decision waits at ${formatCount(rate)}/s (batches of ${waits.decisionsPerBatch.toFixed(0)}, ` +
      `${waits.averageConcurrency.toFixed(1)} in flight on average; no batch in flight ${waits.idlePercent.toFixed(0)} % of the time):`,
    ...waits.rows.map((row) => `    ${row.msPerBatch.toFixed(1).padStart(6)} ms  ${row.step}`),
  ];
}

function whereTheTimeGoes(profile?: RouterProfile): string[] {
  if (!profile) return [];
  const waits = profile.routerWaits;
  return [
    '',
    `where the router's time goes (profiled run, ${formatCount(profile.decisionsPerSecond)} decisions/s; ` +
      `main thread busy ${profile.cpu.busyPercent.toFixed(0)} %):`,
    ...(waits
      ? [
          `  per batch of ${waits.decisionsPerBatch.toFixed(0)} decisions (${waits.averageConcurrency.toFixed(1)} in flight ` +
            `on average; no batch in flight ${waits.idlePercent.toFixed(0)} % of the time):`,
          ...waits.rows.map((row) => `    ${row.msPerBatch.toFixed(1).padStart(6)} ms  ${row.step}`),
        ]
      : []),
    `  CPU self time by area: ${profile.cpu.byArea
      .filter((area) => area.name !== '(idle)')
      .slice(0, 6)
      .map((area) => `${area.name} ${area.percent.toFixed(0)} %`)
      .join(', ')}`,
    `  full profile summary above; profile file ${profile.file}`,
  ];
}

export function formatResults(results: BenchResults): string {
  const router = results.systems.find((figures) => figures.system === 'router');
  const header = [
    'system',
    'decisions/s (median)',
    'runs',
    'outputs/s',
    'from start',
    'CPU',
    'CPU/decision',
    'peak RSS',
    'p50 @rate',
    'p99 @rate',
    'router/this',
  ];
  const rows = results.systems.map((figures) => [
    figures.system,
    formatCount(figures.medianPerSecond),
    figures.runsPerSecond.map(formatCount).join(' / '),
    formatCount(figures.medianOutputsPerSecond),
    `${formatCount(figures.medianFromStartPerSecond)}/s`,
    figures.medianCpuCores === undefined ? 'n/a' : `${figures.medianCpuCores.toFixed(2)} cores`,
    figures.medianCpuMicrosPerDecision === undefined ? 'n/a' : `${figures.medianCpuMicrosPerDecision.toFixed(0)} µs`,
    figures.peakRssMb === undefined ? 'n/a' : `${figures.peakRssMb.toFixed(0)} MB`,
    figures.latency ? `${figures.latency.p50.toFixed(1)} ms` : '-',
    figures.latency ? `${figures.latency.p99.toFixed(1)} ms` : '-',
    router && figures.system !== 'router' ? (router.medianPerSecond / figures.medianPerSecond).toFixed(2) : '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const targetLines = results.targets.map(
    (check) => `  ${check.pass ? 'PASS' : 'FAIL'}  ${check.target}: measured ${check.measured}`,
  );
  const misses = results.targets.filter((check) => !check.pass);
  return [
    '',
    `Router benchmark: ${results.workload}; ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}`,
    `broker ${results.broker}; decisions/s = decisions seen after the first output / (first → last output seen by a ` +
      `read_committed consumer), median of ${results.options.runs}; "from start" = all decisions / from process spawn`,
    '',
    line(header),
    rule,
    ...rows.map(line),
    ...cpuCeiling(results.systems),
    ...replicaSplit(results.throughputRuns),
    '',
    'targets:',
    ...targetLines,
    ...whereTheTimeGoes(results.profile),
    ...latencyWaits(results.routerWaitsAtRate, results.options.rate),
    ...(misses.length > 0
      ? [
          '',
          `!!! ${misses.length} TARGET${misses.length > 1 ? 'S' : ''} MISSED: ${misses.map((check) => check.target).join('; ')} !!!`,
        ]
      : ['', 'all targets met']),
    '',
  ].join('\n');
}
