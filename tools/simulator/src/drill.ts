// `npm run drill -- [--decisions 10000] [--rate 200]`: the fault drill. Starts an isolated Countersign (its own Kafka
// broker, PostgreSQL cluster and the four built services), streams simulated decisions while simulated reviewers
// work, and meanwhile kill -9s each service once, restarts the broker and crashes and restarts Postgres. Afterwards
// it checks that every decision has exactly one final outcome, every review task exactly one verdict, and that the
// audit chain verifies; prints the counts and exits 1 on any violation. `--serve` only starts the platform.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { drillFindings, DrillFindings, StoredTask } from './domain/drill-findings';
import { kafkaClient } from './kafka-client';
import { PlatformEvents } from './platform-events';
import { auditChainVerification, describeFigure } from './platform-reports';
import { sleep } from './simulated-reviewer';
import { Simulation } from './simulation-run';
import { IsolatedPlatform } from './drill/isolated-platform';

const repoRoot = join(__dirname, '..', '..', '..');
const say = (message: string) => process.stdout.write(`[drill ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

interface Fault {
  /** Share of the stream sent when the fault strikes. */
  at: number;
  name: string;
  strike: (platform: IsolatedPlatform) => Promise<unknown>;
}

const FAULTS: Fault[] = [
  { at: 0.1, name: 'kill -9 router', strike: (p) => p.services.router.crashAndRestart() },
  { at: 0.2, name: 'kill -9 review', strike: (p) => p.services.review.crashAndRestart() },
  { at: 0.3, name: 'kill -9 feedback', strike: (p) => p.services.feedback.crashAndRestart() },
  { at: 0.4, name: 'kill -9 audit', strike: (p) => p.services.audit.crashAndRestart() },
  { at: 0.55, name: 'restart the Kafka broker', strike: (p) => p.kafka.restart() },
  { at: 0.75, name: 'crash and restart PostgreSQL (pg_ctl stop -m immediate)', strike: (p) => p.postgres.restart() },
];

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
    },
  });
  return {
    decisions: Number(values.decisions),
    rate: Number(values.rate),
    reviewers: Number(values.reviewers),
    settle: Number(values.settle),
    seed: values.seed,
    json: values.json,
    serve: values.serve,
    faults: !values['no-faults'],
  };
}

async function storedTasks(databaseUrl: string, runId: string): Promise<StoredTask[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<StoredTask>(
      `SELECT id, decision_id AS "decisionId", kind, state FROM review.tasks WHERE decision_id LIKE $1`,
      [`${runId}-%`],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Reads what the platform published about the run from the very beginning, with a fresh consumer group. */
async function readBack(brokers: string, runId: string, sent: number): Promise<PlatformEvents> {
  const events = new PlatformEvents(kafkaClient(brokers, 'countersign-drill-check'), (id) =>
    id.startsWith(`${runId}-`),
  );
  await events.start();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && new Set(events.finals.map((f) => f.decisionId)).size < sent) await sleep(500);
  await sleep(5_000); // a duplicate would arrive right behind
  await events.stop();
  return events;
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
  say(`review tasks not finished: ${findings.unfinishedTasks}`);
}

async function main(): Promise<void> {
  const args = options(process.argv.slice(2));
  const offset = Number.parseInt(process.env.COUNTERSIGN_TEST_PORT_OFFSET ?? '0', 10) || 0;
  // Simulated reviewers are fast; the per-reviewer write limit protects the API from people, not from the drill.
  const platform = new IsolatedPlatform(repoRoot, offset, { REVIEW_WRITE_LIMIT: '100000' });
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
    const simulation = new Simulation({
      brokers: platform.kafka.brokers,
      reviewUrl: platform.services.review.url,
      decisions: args.decisions,
      rate: args.rate,
      seed: args.seed,
      calibration: 'over-confident',
      versions: 3,
      team: { size: args.reviewers, accuracy: 0.97, secondsPerTask: 0.01, rubberStampShare: 0 },
      humanShare: 0,
      settleSeconds: args.settle,
      truthDir: join(repoRoot, '.cache', 'simulator'),
    });
    say(`streaming ${args.decisions} decisions at ${args.rate}/s (run ${simulation.runId}); faults: ${args.faults}`);
    const pending = args.faults ? [...FAULTS] : [];
    const faultLog: string[] = [];
    let striking: Promise<void> = Promise.resolve();
    const strike = async (fault: Fault) => {
      const t0 = Date.now();
      say(`fault: ${fault.name}`);
      await fault.strike(platform);
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      faultLog.push(`${fault.name}: back in ${seconds} s`);
      say(`recovered from: ${fault.name} (${seconds} s)`);
    };
    // Each fault strikes once the stream has got that far, and the stream goes on meanwhile; it waits at the next
    // fault's point for the last one to recover, so every fault meets decisions in flight.
    const gate = async (sent: number) => {
      while (pending.length > 0 && sent >= pending[0].at * args.decisions) {
        await striking;
        striking = strike(pending.shift() as Fault);
      }
    };
    let lastReport = 0;
    const started = Date.now();
    await simulation.run(
      (progress) => {
        if (Date.now() - lastReport < 10_000) return;
        lastReport = Date.now();
        say(`sent ${progress.sent}, final ${progress.final}, verdicts ${progress.verdicts}`);
      },
      gate,
      () => striking,
    );
    await striking;
    const elapsed = (Date.now() - started) / 1000;
    say(`stream and reviews done in ${elapsed.toFixed(0)} s; reading every event back from the beginning`);
    const sentIds = [...simulation.truths.all.keys()];
    const events = await readBack(platform.kafka.brokers, simulation.runId, sentIds.length);
    await simulation.close();
    const tasks = await storedTasks(platform.postgres.url, simulation.runId);
    const findings = drillFindings({
      sentIds,
      routedIds: [...events.routedIds],
      finalIds: events.finals.map((final) => final.decisionId),
      routedToReviewIds: [...events.routed.values()]
        .filter((event) => event.routing.route === 'review')
        .map((event) => event.decisionId),
      tasks,
      completedTaskIds: events.completions.map((completion) => completion.taskId),
    });
    const audit = await auditChainVerification({
      feedbackUrl: platform.services.feedback.url,
      auditUrl: platform.services.audit.url,
    });
    faultLog.forEach((entry) => say(`fault ${entry}`));
    const restarts = Object.values(platform.services).map((s) => `${s.name} ${s.unexpectedExits}`);
    say(`services restarted by the supervisor after exiting on their own: ${restarts.join(', ')}`);
    printFindings(findings, sentIds.length);
    say(`audit chain: ${describeFigure(audit, (v) => `${v.valid ? 'verifies' : 'BROKEN'} (${v.entries} entries)`)}`);
    const violations = [...findings.violations];
    if (audit.available && !audit.value.valid) violations.push('the audit chain does not verify');
    if (args.json) {
      writeFileSync(
        args.json,
        JSON.stringify({ runId: simulation.runId, elapsed, faultLog, findings, audit }, null, 2),
      );
    }
    if (violations.length > 0) {
      violations.forEach((violation) => say(`VIOLATION ${violation}`));
      process.exitCode = 1;
    } else {
      say(
        `OK: ${sentIds.length} decisions, each with exactly one final outcome; ${findings.verdicts.expected} review tasks, each with exactly one verdict`,
      );
    }
  } finally {
    await shutdown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`drill: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
