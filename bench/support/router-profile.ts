import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CpuProfile, CpuProfileSummary, formatCpuProfileSummary, summariseCpuProfile } from '../cpu-profile-summary';
import { BenchInfrastructure } from './bench-options';
import { WorkloadRecord } from './decision-workload';
import { measureLatency } from './latency-run';
import { BenchContext, measureThroughput } from './throughput-run';
import { progress } from './progress';
import { RawPassThrough, RouterService } from './systems-under-test';
import { formatWaitBreakdown, readWaitBreakdown, WaitBreakdown } from './wait-breakdown';

export interface RouterProfile {
  file: string;
  decisionsPerSecond: number;
  cpu: CpuProfileSummary;
  routerWaits?: WaitBreakdown;
  rawTransactionalWaits?: WaitBreakdown;
}

function freshProfileDir(): string {
  const dir = join(BenchInfrastructure.outputDir, 'prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * One more router throughput run under `node --cpu-prof` with the timing hook, and one raw transactional run with the
 * hook for comparison. The CPU profile is summarised over the measured window only (first to last routed output), so
 * start-up work (module loading, Nest bootstrap, migrations) does not blur the picture.
 */
export async function profileRouter(
  context: BenchContext,
  router: RouterService,
  rawTransactional: RawPassThrough,
  records: readonly WorkloadRecord[],
): Promise<RouterProfile> {
  const dir = freshProfileDir();
  const rawTimingFile = join(dir, 'raw-transactional-waits.json');
  progress('raw-transactional with the timing hook (where a transaction per batch waits)');
  await measureThroughput(context, rawTransactional, 'timed', records, { timingFile: rawTimingFile });
  const rawTransactionalWaits = readWaitBreakdown(rawTimingFile);

  const routerTimingFile = join(dir, 'router-waits.json');
  progress('router under node --cpu-prof with the timing hook');
  const run = await measureThroughput(context, router, 'profiled', records, {
    cpuProfileDir: dir,
    timingFile: routerTimingFile,
  });
  const file = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!file) throw new Error(`the profiled router wrote no .cpuprofile into ${dir}`);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  // The profile's clock starts with the process; the spawn time is within a few ms of it.
  const fromUs = (run.firstOutputAt - run.startedAt) * 1000;
  const toUs = (run.lastOutputAt - run.startedAt) * 1000;
  const cpu = summariseCpuProfile(profile, 15, fromUs, toUs);
  const routerWaits = readWaitBreakdown(routerTimingFile);

  progress(`router CPU profile (${file}), measured window only:\n${formatCpuProfileSummary(cpu)}`);
  if (routerWaits) progress(formatWaitBreakdown('router (profiled run)', routerWaits));
  if (rawTransactionalWaits) progress(formatWaitBreakdown('raw-transactional', rawTransactionalWaits));
  return { file, decisionsPerSecond: run.decisionsPerSecond, cpu, routerWaits, rawTransactionalWaits };
}

/** The router at the latency phase's fixed rate with the timing hook: where a small batch waits. */
export async function timeRouterAtRate(
  context: BenchContext,
  router: RouterService,
  records: readonly WorkloadRecord[],
  probes: readonly WorkloadRecord[],
  rate: number,
): Promise<WaitBreakdown | undefined> {
  const timingFile = join(BenchInfrastructure.outputDir, 'router-waits-at-rate.json');
  rmSync(timingFile, { force: true });
  progress(`router at ${rate} decisions/s with the timing hook (where a small batch waits)`);
  await measureLatency(context, router, records, probes, rate, 1, { timingFile });
  const waits = readWaitBreakdown(timingFile);
  if (waits) progress(formatWaitBreakdown(`router at ${rate}/s`, waits));
  return waits;
}
