// `npm run drill -- [--decisions 10000] [--rate 200]`: the fault drill. Starts an isolated Countersign (its own Kafka
// broker, PostgreSQL cluster and the four built services), streams simulated decisions while simulated reviewers
// work, and meanwhile kill -9s each service once, restarts the broker and crashes and restarts Postgres. Afterwards
// it checks that every decision has exactly one final outcome, every review task exactly one verdict, and that the
// audit chain verifies; prints the counts and exits 1 on any violation. `--serve` only starts the platform.
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
import { DRILL_FAULTS, FaultSchedule } from './drill/fault-schedule';
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
  --seed <text>     seed of the run (default countersign-drill)
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
    json: values.json,
    serve: values.serve,
    faults: !values['no-faults'],
    abandoned: abandonedWorkflow(values),
  };
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
function progressLine(): (progress: SimulationProgress) => void {
  let last = 0;
  return (progress) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    say(`sent ${progress.sent}, final ${progress.final}, verdicts ${progress.verdicts}`);
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

async function main(): Promise<void> {
  const args = options(process.argv.slice(2));
  const offset = Number.parseInt(process.env.COUNTERSIGN_TEST_PORT_OFFSET ?? '0', 10) || 0;
  // Simulated reviewers are fast; the per-reviewer write limit protects the API from people, not from the drill.
  // The scheduler sweeps every second, so an expiry is published within a second of its time.
  const platform = new IsolatedPlatform(repoRoot, offset, {
    REVIEW_WRITE_LIMIT: '100000',
    REVIEW_SLA_SCAN_INTERVAL_MS: '1000',
  });
  const shutdown = async () => {
    say('stopping the isolated platform');
    await platform.stop();
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));
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
    const simulation = new Simulation({
      brokers: platform.kafka.brokers,
      reviewUrl: platform.services.review.url,
      decisions: args.decisions,
      rate: args.rate,
      seed: args.seed,
      calibration: 'over-confident',
      versions: 3,
      team: { size: args.reviewers, accuracy: 0.97, secondsPerTask: 0.01, rubberStampShare: 0, reconsiderShare: 0 },
      humanShare: 0,
      settleSeconds: args.settle,
      truthDir: join(repoRoot, '.cache', 'simulator'),
      workflows: SCENARIOS.map((scenario) => scenario.workflow),
      unreviewedWorkflows: abandoned ? [abandoned.workflow] : [],
    });
    say(`streaming ${args.decisions} decisions at ${args.rate}/s (run ${simulation.runId}); faults: ${args.faults}`);
    const faults = new FaultSchedule(args.faults ? DRILL_FAULTS : [], args.decisions, platform, say);
    const started = Date.now();
    await simulation.run(progressLine(), faults.gate, faults.recovered);
    await faults.recovered();
    const elapsed = (Date.now() - started) / 1000;
    say(`stream and reviews done in ${elapsed.toFixed(0)} s; reading every event back from the beginning`);
    const sentIds = [...simulation.truths.all.keys()];
    const { findings, expiry, audit } = await verifyRun(platform, simulation.runId, sentIds, abandoned);
    await simulation.close();
    faults.log.forEach((entry) => say(`fault ${entry}`));
    const restarts = Object.values(platform.services).map((s) => `${s.name} ${s.unexpectedExits}`);
    say(`services restarted by the supervisor after exiting on their own: ${restarts.join(', ')}`);
    printFindings(findings, sentIds.length);
    if (expiry && abandoned) printExpiry(expiry, abandoned);
    say(
      `audit chain: ${describeFigure(audit, (v) => `${v.valid ? 'verifies' : `BROKEN at ${v.broken}`} (${v.entries} records in ${v.chains} chains)`)}`,
    );
    const violations = [...findings.violations, ...(expiry?.violations ?? [])];
    if (!audit.available) violations.push(`the audit chain could not be verified: ${audit.reason}`);
    else if (!audit.value.valid) violations.push(`the audit chain does not verify: ${audit.value.broken}`);
    if (args.json) {
      const summary = { runId: simulation.runId, elapsed, faults: faults.log, findings, expiry, audit };
      writeFileSync(args.json, JSON.stringify(summary, null, 2));
    }
    violations.forEach((violation) => say(`VIOLATION ${violation}`));
    if (violations.length > 0) process.exitCode = 1;
    else
      say(
        `OK: ${sentIds.length} decisions, each with exactly one final outcome; ${findings.verdicts.expected} review tasks, each with exactly one verdict`,
      );
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
