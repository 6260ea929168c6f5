// `npm run drill -- [--decisions 10000] [--rate 200] [--seeds N] [--faults full|short|classic]`: the fault drill.
// Starts an isolated Countersign (its own Kafka broker, PostgreSQL cluster and the four built services), streams
// simulated decisions while simulated reviewers work, and meanwhile strikes a seeded schedule of faults: kill -9 of
// each service, SIGSTOP/SIGCONT of a service, the broker and Postgres (5 s, and past the transaction and session
// timeouts), a service's clock skewed minutes ahead and behind, a service partitioned from the broker or Postgres,
// a broker restart and a Postgres crash. Afterwards a checker reads everything back (Kafka's Java client
// read_committed, kafkajs, the services' databases) and counts per fault kind: lost, duplicated, aborted-read,
// out-of-order, contradiction, double-claim and chain-gap anomalies, and the recovery time. With --seeds N it runs N
// seeded schedules on one platform and prints the table over all of them; exits 1 on any anomaly or violation.
// `--serve` only starts the platform.
// Meanwhile nobody reviews one workflow (--abandon, with a short SLA and expiry window): each of its reviews must
// still end exactly once, expired with the policy's safe default, within SLA + expiry window (+ grace).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { number, UsageError } from './demo-options';
import { DrillFindings } from './domain/drill-findings';
import { AbandonedWorkflow, ExpiryFindings } from './domain/expiry-findings';
import { SCENARIOS } from './domain/scenarios';
import { abandonWorkflow } from './drill/abandon-workflow';
import { Anomaly, ANOMALY_CLASSES } from './domain/drill-anomalies';
import {
  CLASSIC_FAULT_KINDS,
  DEFAULT_DURATIONS,
  describeFault,
  FAULT_KINDS,
  FaultDurations,
  FaultKind,
  planFaults,
  SHORT_FAULT_KINDS,
} from './domain/fault-plan';
import { FaultTypeRow, renderTable, tally } from './domain/fault-table';
import { FaultRecord, FaultSchedule } from './drill/fault-schedule';
import { RecoveryCanary } from './drill/recovery-canary';
import { IsolatedPlatform } from './drill/isolated-platform';
import { verifyRun } from './drill/verify-run';
import { describeFigure } from './platform-reports';
import { Simulation, SimulationProgress } from './simulation-run';

const repoRoot = join(__dirname, '..', '..', '..');
const say = (message: string) => process.stdout.write(`[drill ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

const DRILL_USAGE = `usage: npm run drill -- [options]
  --decisions <n>   decisions to stream (default 10000; CI: 500 with --rate 25)
  --rate <n>        decisions per second (default 200)
  --reviewers <n>   simulated reviewers, two of them leads (default 8, at least 3)
  --settle <s>      seconds to wait for the queues to drain after the stream (default 600)
  --seed <text>     seed of the run (default countersign-drill); with --seeds, seed <text>-1 ... <text>-N
  --seeds <n>       seeded schedules to run one after another on the same platform (default 1)
  --faults <set>    short (default: no long pauses, no partitions, no root needed), full (every kind; root),
                    classic (kill -9, broker restart, Postgres crash), or a comma-separated list of kinds:
                    ${FAULT_KINDS.join(', ')}
  --long-pause <s>  the long pause (default 70: past the 60 s transaction and 15 s session timeouts)
  --skew <s>        clock skew in seconds, applied ahead and behind (default 300)
  --skew-for <s>    how long a clock stays skewed (default 60)
  --partition-for <s>  how long a partition lasts (default 30)
  --json <file>     also write the findings as JSON
  --no-faults       the same run without faults (a baseline)
  --abandon <wf>    the workflow nobody reviews; its reviews must expire (default supplier-onboarding; none: no phase)
  --abandon-sla <s> its SLA in seconds, at least 60 (default 60)
  --expiry <s>      its expiry window after the SLA, seconds (default 20)
  --safe-default <reject|hold>  what its expired decisions become (default reject)
  --expiry-grace <s>  lateness allowed past SLA + window: sweeps and fault recoveries (default 30)
  --serve           only start the isolated platform and keep it running (Ctrl-C stops it)
Ports: COUNTERSIGN_TEST_PORT_OFFSET shifts them (broker 26092, controller 26093, PostgreSQL 25432, services 26000-26003).`;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      decisions: { type: 'string', default: '10000' },
      rate: { type: 'string', default: '200' },
      reviewers: { type: 'string', default: '8' },
      settle: { type: 'string', default: '600' },
      seed: { type: 'string', default: 'countersign-drill' },
      seeds: { type: 'string', default: '1' },
      faults: { type: 'string', default: 'short' },
      'long-pause': { type: 'string', default: String(DEFAULT_DURATIONS.longPauseMs / 1000) },
      skew: { type: 'string', default: String(DEFAULT_DURATIONS.skewSeconds) },
      'skew-for': { type: 'string', default: String(DEFAULT_DURATIONS.skewMs / 1000) },
      'partition-for': { type: 'string', default: String(DEFAULT_DURATIONS.partitionMs / 1000) },
      json: { type: 'string' },
      serve: { type: 'boolean', default: false },
      'no-faults': { type: 'boolean', default: false },
      abandon: { type: 'string', default: 'supplier-onboarding' },
      'abandon-sla': { type: 'string', default: '60' },
      expiry: { type: 'string', default: '20' },
      'safe-default': { type: 'string', default: 'reject' },
      'expiry-grace': { type: 'string', default: '30' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${DRILL_USAGE}\n`);
    process.exit(0);
  }
  return {
    decisions: number('decisions', values.decisions, 1, 10_000_000),
    rate: number('rate', values.rate, 0.1, 100_000),
    reviewers: number('reviewers', values.reviewers, 3, 200),
    settle: number('settle', values.settle, 0, 86_400),
    seed: values.seed,
    seeds: number('seeds', values.seeds, 1, 10_000),
    json: values.json,
    serve: values.serve,
    kinds: values['no-faults'] ? [] : faultKinds(values.faults),
    durations: {
      ...DEFAULT_DURATIONS,
      longPauseMs: number('long-pause', values['long-pause'], 1, 3_600) * 1000,
      skewSeconds: number('skew', values.skew, 1, 86_400 * 365),
      skewMs: number('skew-for', values['skew-for'], 1, 3_600) * 1000,
      partitionMs: number('partition-for', values['partition-for'], 1, 3_600) * 1000,
    } satisfies FaultDurations,
    abandoned: abandonedWorkflow(values),
  };
}

function faultKinds(set: string): readonly FaultKind[] {
  if (set === 'full') return FAULT_KINDS;
  if (set === 'short') return SHORT_FAULT_KINDS;
  if (set === 'classic') return CLASSIC_FAULT_KINDS;
  const kinds = set.split(',').map((kind) => kind.trim());
  const unknown = kinds.filter((kind) => !(FAULT_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0) throw new UsageError(`--faults: unknown ${unknown.join(', ')}`);
  return kinds as FaultKind[];
}

function abandonedWorkflow(values: Record<string, string | boolean | undefined>): AbandonedWorkflow | undefined {
  const workflow = String(values.abandon);
  if (workflow === 'none') return undefined;
  if (!SCENARIOS.some((scenario) => scenario.workflow === workflow)) {
    throw new UsageError(`--abandon must be none or one of ${SCENARIOS.map((s) => s.workflow).join(', ')}`);
  }
  const safeDefault = String(values['safe-default']);
  if (safeDefault !== 'reject' && safeDefault !== 'hold') throw new UsageError('--safe-default must be reject or hold');
  return {
    workflow,
    slaSeconds: number('abandon-sla', String(values['abandon-sla']), 60, 86_400),
    expirySeconds: number('expiry', String(values.expiry), 1, 86_400),
    safeDefault,
    graceSeconds: number('expiry-grace', String(values['expiry-grace']), 0, 86_400),
  };
}

/** A progress line every ten seconds. */
function progressLine(label: string): (progress: SimulationProgress) => void {
  let last = 0;
  return (progress) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    say(`${label}: sent ${progress.sent}, final ${progress.final}, verdicts ${progress.verdicts}`);
  };
}

function printFindings(findings: DrillFindings, sent: number): void {
  const line = (name: string, check: DrillFindings['finals']) =>
    say(
      `${name.padEnd(30)} expected ${check.expected}, exactly once ${check.exactlyOnce}, missing ` +
        `${check.missing.length}, duplicated ${check.duplicated.length}, unexpected ${check.unexpected.length}`,
    );
  say(`decisions sent: ${sent}`);
  line('routed events', findings.routed);
  line('final outcomes', findings.finals);
  line('review tasks (routed to review)', findings.reviewTasks);
  line('verdicts (completed tasks)', findings.verdicts);
  const tally = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, n]) => `${name} ${n}`)
      .join(', ') || 'none';
  say(`final outcomes by outcome: ${tally(findings.finalsByOutcome)}`);
  say(`review tasks by kind:state: ${tally(findings.tasksByState)}`);
  say(`review tasks not finished: ${findings.unfinishedTasks}`);
  if (findings.abandonedAuditChecksOpen > 0) {
    say(`audit checks of the abandoned workflow still open (no outcome to give): ${findings.abandonedAuditChecksOpen}`);
  }
}

function printExpiry(expiry: ExpiryFindings, abandoned: AbandonedWorkflow): void {
  const seconds = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)} s`);
  say(
    `abandoned workflow ${expiry.workflow} (SLA ${abandoned.slaSeconds} s + expiry ${abandoned.expirySeconds} s = ` +
      `${expiry.windowSeconds} s, safe default ${abandoned.safeDefault}): ${expiry.reviews} reviews, ` +
      `${expiry.expiredExactlyOnce} expired/${abandoned.safeDefault} exactly once, ${expiry.wrong.length} not, ` +
      `${expiry.late.length} later than the window + ${abandoned.graceSeconds} s; routing to outcome: median ` +
      `${seconds(expiry.medianSeconds)}, slowest ${seconds(expiry.slowestSeconds)}`,
  );
}

interface SeedResult {
  seed: string;
  runId: string;
  elapsed: number;
  faults: FaultRecord[];
  anomalies: Anomaly[];
  violations: string[];
  /** Abandoned reviews that expired later than SLA + window + grace. */
  lateExpiries: string[];
}

/** When each decision was sent, from (sent count, time) samples the stream's gate takes before every batch. */
class SendClock {
  private readonly samples: Array<[number, number]> = [];

  constructor(private readonly runId: string) {}

  readonly sample = (sent: number): void => {
    this.samples.push([sent, Date.now()]);
  };

  /** A decision `<runId>-<position>` was sent at the first sample taken after it. */
  readonly sentAt = (decisionId: string): number | undefined => {
    const position = Number(decisionId.slice(this.runId.length + 1).split('-')[0]);
    if (!Number.isFinite(position)) return undefined;
    return (this.samples.find(([sent]) => sent > position) ?? this.samples[this.samples.length - 1])?.[1];
  };
}

/** Each seed's send clock, by run id: the table charges a decision's anomalies to the fault it was sent near. */
const seedSendClocks = new Map<string, SendClock>();

async function runSeed(
  platform: IsolatedPlatform,
  args: ReturnType<typeof options>,
  seed: string,
  label: string,
): Promise<SeedResult> {
  const { abandoned } = args;
  const simulation = new Simulation({
    brokers: platform.kafka.brokers,
    reviewUrl: platform.services.review.url,
    decisions: args.decisions,
    rate: args.rate,
    seed,
    calibration: 'over-confident',
    versions: 3,
    team: { size: args.reviewers, accuracy: 0.97, secondsPerTask: 0.01, rubberStampShare: 0, reconsiderShare: 0 },
    humanShare: 0,
    settleSeconds: args.settle,
    truthDir: join(repoRoot, '.cache', 'simulator'),
    workflows: SCENARIOS.map((scenario) => scenario.workflow),
    unreviewedWorkflows: abandoned ? [abandoned.workflow] : [],
  });
  const plan = planFaults(seed, args.kinds, args.durations);
  say(`${label}: streaming ${args.decisions} decisions at ${args.rate}/s (run ${simulation.runId}, seed ${seed})`);
  say(`${label}: schedule: ${plan.map((f) => `${(f.at * 100).toFixed(0)}% ${describeFault(f)}`).join('; ') || 'none'}`);
  const canary = new RecoveryCanary(platform.kafka.brokers, simulation.runId);
  await canary.start();
  const faults = new FaultSchedule(plan, args.decisions, platform, canary, say);
  const clock = new SendClock(simulation.runId);
  const gate = async (sent: number) => {
    clock.sample(sent);
    await faults.gate(sent);
  };
  const started = Date.now();
  await simulation.run(progressLine(label), gate, faults.recovered);
  await faults.recovered();
  const elapsed = (Date.now() - started) / 1000;
  say(`${label}: stream and reviews done in ${elapsed.toFixed(0)} s; reading every event back from the beginning`);
  const sentIds = [...simulation.truths.all.keys()];
  const { findings, expiry, audit, anomalies } = await verifyRun(platform, simulation.runId, sentIds, abandoned);
  await simulation.close();
  await canary.stop();
  printFindings(findings, sentIds.length);
  if (expiry && abandoned) printExpiry(expiry, abandoned);
  say(
    `audit chain: ${describeFigure(audit, (v) => `${v.valid ? 'verifies' : `BROKEN at ${v.broken}`} (${v.entries} records in ${v.chains} chains)`)}`,
  );
  const violations = [...findings.violations, ...(expiry?.violations ?? [])];
  if (!audit.available) violations.push(`the audit chain could not be verified: ${audit.reason}`);
  else if (!audit.value.valid) violations.push(`the audit chain does not verify: ${audit.value.broken}`);
  for (const record of faults.records) {
    if (record.error) violations.push(`fault ${record.description} could not be injected: ${record.error}`);
  }
  const byClass = ANOMALY_CLASSES.map((name) => `${name} ${anomalies.filter((a) => a.class === name).length}`);
  say(`${label}: anomalies: ${byClass.join(', ')}`);
  anomalies.slice(0, 20).forEach((a) => say(`ANOMALY ${a.class} ${a.decisionId ?? ''}: ${a.detail}`));
  if (anomalies.length > 20) say(`... and ${anomalies.length - 20} more (--json has them all)`);
  seedSendClocks.set(simulation.runId, clock);
  const lateExpiries = expiry?.late ?? [];
  return { seed, runId: simulation.runId, elapsed, faults: faults.records, anomalies, violations, lateExpiries };
}

async function main(): Promise<void> {
  const args = options(process.argv.slice(2));
  const offset = Number.parseInt(process.env.COUNTERSIGN_TEST_PORT_OFFSET ?? '0', 10) || 0;
  // Simulated reviewers are fast; the per-reviewer write limit protects the API from people, not from the drill.
  // The scheduler sweeps every second, so an expiry is published within a second of its time.
  const platform = new IsolatedPlatform(repoRoot, offset, {
    extraEnv: { REVIEW_WRITE_LIMIT: '100000', REVIEW_SLA_SCAN_INTERVAL_MS: '1000' },
    partitions: args.kinds.some((kind) => kind.startsWith('partition-')),
    skewableClocks: args.kinds.some((kind) => kind.startsWith('clock-')),
  });
  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      say('stopping the isolated platform');
      await platform.stop();
    })();
    return stopping;
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(143)));
  try {
    await platform.start(say);
    if (args.serve) {
      say(
        `serving: KAFKA_BROKERS=${platform.kafka.brokers} REVIEW_URL=${platform.services.review.url} ` +
          `ROUTER_URL=${platform.services.router.url} FEEDBACK_URL=${platform.services.feedback.url} ` +
          `AUDIT_URL=${platform.services.audit.url} (Ctrl-C stops it)`,
      );
      await new Promise(() => undefined);
    }
    const { abandoned } = args;
    if (abandoned) {
      say(
        `phase: nobody reviews ${abandoned.workflow}; its policy gets SLA ${abandoned.slaSeconds} s and expiry ` +
          `${abandoned.expirySeconds} s (${abandoned.safeDefault})`,
      );
      await abandonWorkflow(platform.services.router.url, abandoned);
    }
    const results: SeedResult[] = [];
    const rows = new Map<string, FaultTypeRow>();
    const runStarted = Date.now();
    for (let i = 1; i <= args.seeds; i++) {
      const seed = args.seeds === 1 ? args.seed : `${args.seed}-${i}`;
      const label = `seed ${i}/${args.seeds}`;
      const result = await runSeed(platform, args, seed, label);
      results.push(result);
      const clock = seedSendClocks.get(result.runId);
      tally(
        rows,
        result.faults.map((record) => ({ ...record, kind: record.fault.kind })),
        result.anomalies,
        (id) => clock?.sentAt(id),
        result.lateExpiries,
      );
      const perSeed = (Date.now() - runStarted) / i;
      say(
        `${label} done: ${result.anomalies.length} anomalies, ${result.violations.length} violations; ` +
          `${((perSeed * (args.seeds - i)) / 60_000).toFixed(0)} min left at this pace`,
      );
      if (args.json) writeFileSync(args.json, JSON.stringify({ args, results, table: [...rows.values()] }, null, 2));
    }
    const restarts = Object.values(platform.services).map((s) => `${s.name} ${s.unexpectedExits}`);
    say(`services restarted by the supervisor after exiting on their own: ${restarts.join(', ')}`);
    say(
      `anomalies and recovery per fault kind over ${args.seeds} seed(s) x ${args.decisions} decisions ` +
        `(${args.kinds.length > 0 ? `faults ${args.kinds.length} kinds` : 'no faults'}):`,
    );
    process.stdout.write(`${renderTable(rows.values())}\n`);
    const violations = results.flatMap((result) => result.violations.map((v) => `${result.seed}: ${v}`));
    const anomalies = results.reduce((sum, result) => sum + result.anomalies.length, 0);
    violations.forEach((violation) => say(`VIOLATION ${violation}`));
    if (violations.length > 0 || anomalies > 0) process.exitCode = 1;
    else say(`OK: ${args.seeds} seed(s), no anomaly, every decision with exactly one final outcome`);
  } finally {
    await shutdown();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`drill: ${(error as Error).message}\n${DRILL_USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`drill: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
