import { Topics } from '@countersign/contracts';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { json, KafkaProbe, readInfrastructure, RunningPlatform } from '@countersign/testing';

const DECISIONS = 150;

interface DemoSummary {
  runId: string;
  decisions: number;
  workflows: Array<{ workflow: string; routed: number; autonomous: number; reviewed: number; awaitingFinal: number }>;
  reviewers: { verdicts: number };
}

describe('the demo: simulated decisions and simulated reviewers through the whole platform', () => {
  // Simulated reviewers write far faster than people; the per-reviewer write limit is for people.
  const platform = new RunningPlatform({ REVIEW_WRITE_LIMIT: '100000' });
  const kafka = new KafkaProbe(readInfrastructure().kafkaBrokers);

  beforeAll(async () => {
    await platform.start();
    await kafka.watch([Topics.decisionsFinal]);
  });

  afterAll(async () => {
    await kafka.close();
    await platform.stop();
  });

  it('gives every decision of the run exactly one final outcome, reviewed ones after a simulated verdict', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'countersign-demo-')), 'report.json');
    const run = promisify(execFile);
    await run(
      'npx',
      [
        'tsx',
        join(__dirname, '..', '..', 'tools', 'simulator', 'src', 'demo.ts'),
        ...['--decisions', String(DECISIONS), '--rate', '50', '--reviewers', '4', '--seconds-per-task', '0'],
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
    const summary = JSON.parse(readFileSync(report, 'utf8')) as DemoSummary;
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
  });
});
