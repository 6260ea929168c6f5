import { Topics } from '@countersign/contracts';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  apiCaller,
  json,
  KafkaProbe,
  readInfrastructure,
  RunningPlatform,
  storePolicyAsTwoAdmins,
} from '@countersign/testing';

const DECISIONS = 450;
/**
 * Random samples of every workflow's decisions (contract review samples 0.8 at its seed trust level 1 already). The
 * truth held against the platform's interval is the accuracy of the decisions this run sent, a finite population: at
 * these sampling fractions the 95% Wilson interval contains it with near certainty (the finite-population correction
 * narrows the sampling error by sqrt(1 - fraction)), unless the platform counts the wrong judgments.
 */
const RANDOM_SAMPLE_RATES = {
  'lead-qualification': { level3SampleRate: 0.7 },
  'supplier-onboarding': { level2SampleRate: 0.7 },
};

interface Share {
  successes: number;
  trials: number;
  value?: number;
}

interface DemoSummary {
  runId: string;
  startedAt: string;
  feedbackCaughtUp: boolean;
  decisions: number;
  workflows: Array<{
    workflow: string;
    routed: number;
    autonomous: number;
    reviewed: number;
    awaitingFinal: number;
    catchRate: Share;
    platformCatchRate: Share;
    versions: Array<{ modelVersion: string; accuracy: Share; autonomousAccuracy: Share }>;
  }>;
  reviewers: { verdicts: number };
}

interface Interval {
  estimate: number | null;
  lower: number;
  upper: number;
}

interface FeedbackMetrics {
  models: Array<{ workflow: string; modelVersion: string; basis: string; accuracy: Interval & { trials: number } }>;
  catchRates: Array<
    Interval & { workflow: string; caught: number; released: number; auditedErrorRate: { trials: number } }
  >;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const shown = ({ estimate, lower, upper }: Interval) =>
  `${estimate === null ? 'n/a' : percent(estimate)} [${percent(lower)}, ${percent(upper)}]`;

describe('the demo: simulated decisions and simulated reviewers through the whole platform', () => {
  // Simulated reviewers write far faster than people; the per-reviewer write limit is for people.
  const platform = new RunningPlatform({ REVIEW_WRITE_LIMIT: '100000' });
  const kafka = new KafkaProbe(readInfrastructure().kafkaBrokers);

  beforeAll(async () => {
    await platform.start();
    await kafka.watch([Topics.decisionsFinal]);
    const admin = await apiCaller(platform.services.router.baseUrl, 'e2e-admin', ['*'], ['admin', 'lead']);
    for (const [workflow, rates] of Object.entries(RANDOM_SAMPLE_RATES)) {
      const current = await admin.get(`/policies/${workflow}`);
      expect(current.status).toBe(200);
      const policy = { ...current.body.policy, ladder: { ...current.body.policy.ladder, ...rates } };
      // Lower sample rates lower oversight: a second admin approves (the router's two-person rule).
      const version = await storePolicyAsTwoAdmins(
        platform.services.router.baseUrl,
        workflow,
        policy,
        'e2e: enough random samples',
      );
      expect(version).toBeGreaterThan(current.body.version);
    }
    // Every router replica applies a policy change within about a second.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  });

  afterAll(async () => {
    await kafka.close();
    await platform.stop();
  });

  let summary: DemoSummary;

  it('gives every decision of the run exactly one final outcome, reviewed ones after a simulated verdict', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'countersign-demo-')), 'report.json');
    const run = promisify(execFile);
    await run(
      'npx',
      [
        'tsx',
        join(__dirname, '..', '..', 'tools', 'simulator', 'src', 'demo.ts'),
        ...['--decisions', String(DECISIONS), '--rate', '50', '--reviewers', '4', '--seconds-per-task', '0'],
        // Reviewers who are always right: then what the platform counts as caught is what truly was.
        ...['--reviewer-accuracy', '1', '--rubber-stamp', '0'],
        ...['--human-share', '0', '--settle', '150', '--seed', 'e2e', '--json', report],
      ],
      {
        env: {
          ...process.env,
          KAFKA_BROKERS: readInfrastructure().kafkaBrokers,
          REVIEW_URL: platform.services.review.baseUrl,
          ROUTER_URL: platform.services.router.baseUrl,
          FEEDBACK_URL: platform.services.feedback.baseUrl,
          AUDIT_URL: platform.services.audit.baseUrl,
        },
        timeout: 240_000,
      },
    );
    summary = JSON.parse(readFileSync(report, 'utf8')) as DemoSummary;
    expect(summary.decisions).toBe(DECISIONS);
    expect(summary.workflows.map((w) => w.workflow)).toEqual([
      'contract-review',
      'lead-qualification',
      'supplier-onboarding',
    ]);
    expect(summary.workflows.every((w) => w.awaitingFinal === 0)).toBe(true);

    // Counted here, independently of the demo's own observer: one final record per decision, none missing.
    const ours = (record: { topic: string; key: string | null }) =>
      record.key?.startsWith(`${summary.runId}-`) ?? false;
    const finals = await kafka.waitFor(ours, DECISIONS, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a duplicate would arrive right behind
    const perDecision = new Map<string, number>();
    for (const record of kafka.records(ours))
      perDecision.set(record.key as string, (perDecision.get(record.key as string) ?? 0) + 1);
    expect(perDecision.size).toBe(DECISIONS);
    expect([...perDecision.values()].every((count) => count === 1)).toBe(true);

    const reviewed = summary.workflows.reduce((sum, w) => sum + w.reviewed, 0);
    const outcomes = finals.map((record) => json(record).outcome as string);
    expect(outcomes.filter((outcome) => outcome === 'autonomous')).toHaveLength(DECISIONS - reviewed);
    expect(summary.reviewers.verdicts).toBeGreaterThanOrEqual(reviewed);
  }, 240_000);

  it("reports accuracy and catch rate whose 95% intervals contain the simulator's ground truth", async () => {
    expect(summary.feedbackCaughtUp).toBe(true);
    const feedback = await apiCaller(platform.services.feedback.baseUrl, 'e2e-lead', ['*'], ['reviewer', 'lead']);
    const reply = await feedback.get(`/metrics?from=${encodeURIComponent(summary.startedAt)}`);
    expect(reply.status).toBe(200);
    const metrics = reply.body as FeedbackMetrics;
    const lines: string[] = [];
    for (const workflow of summary.workflows) {
      for (const version of workflow.versions) {
        const model = metrics.models.find(
          (m) => m.workflow === workflow.workflow && m.modelVersion === version.modelVersion,
        );
        // Enough random samples that every version of every workflow has its estimate from them.
        expect({ workflow: workflow.workflow, version: version.modelVersion, basis: model?.basis }).toEqual({
          workflow: workflow.workflow,
          version: version.modelVersion,
          basis: 'random_samples',
        });
        const truth = version.accuracy.successes / version.accuracy.trials;
        const measured = model?.accuracy as Interval & { trials: number };
        lines.push(
          `${workflow.workflow} ${version.modelVersion}: accuracy true ${percent(truth)} ` +
            `(${version.accuracy.successes}/${version.accuracy.trials}), measured ${shown(measured)} n=${measured.trials}`,
        );
        expect(truth).toBeGreaterThanOrEqual(measured.lower);
        expect(truth).toBeLessThanOrEqual(measured.upper);
      }
      const rate = metrics.catchRates.find((r) => r.workflow === workflow.workflow);
      expect(rate?.estimate).toEqual(expect.any(Number));
      const measured = rate as FeedbackMetrics['catchRates'][number];
      // The platform's definition: caught ÷ (caught + released autonomously); reviewers here are always right, so it
      // equals the share of all errors caught.
      const truth = workflow.platformCatchRate.successes / workflow.platformCatchRate.trials;
      lines.push(
        `${workflow.workflow}: catch rate true ${percent(truth)} (${workflow.platformCatchRate.successes}/${workflow.platformCatchRate.trials}), ` +
          `measured ${shown(measured)} (caught ${measured.caught}, released ${measured.released}, audited ${measured.auditedErrorRate.trials})`,
      );
      expect(truth).toBeGreaterThanOrEqual(measured.lower);
      expect(truth).toBeLessThanOrEqual(measured.upper);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });

  it('keeps an audit trail that verifies', async () => {
    const audit = await apiCaller(platform.services.audit.baseUrl, 'e2e-lead', ['*'], ['lead']);
    const reply = await audit.get('/trail/verify');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ok: true });
    expect(reply.body.recordsChecked).toBeGreaterThanOrEqual(DECISIONS);
    expect(reply.body.broken).toBeUndefined();
  });
});
