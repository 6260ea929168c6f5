import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  eventually,
  json,
  KafkaProbe,
  readInfrastructure,
  repoRoot,
  RunningPlatform,
  storePolicyAsTwoAdmins,
  testPortOffset,
} from '@countersign/testing';
import { launchHeadlessChromium } from './support/headless-chromium';

// Issue #15: routed events carry each decision's review propensity, feedback keeps it with the judgment, and the
// estimates, the backtest and the dashboard's backtest plot are built on it — each behind the workflow authorisation.

const workflow = `e2e-risk-${randomUUID().slice(0, 8)}`;
const SAMPLE_RATE = 0.5;
const address = (port: number) => `http://127.0.0.1:${port + testPortOffset}`;

function decision(confidence: number) {
  return {
    schemaVersion: 1,
    id: `e2e-risk-${randomUUID()}`,
    workflow,
    model: { name: 'contract-extractor', version: '2026.11' },
    confidence,
    output: { liabilityCap: 1_000_000 },
    attributes: { amount: 1_000, region: 'EU' },
    flags: [],
    occurredAt: new Date().toISOString(),
  };
}

const token = (sub: string, roles: Array<'reviewer' | 'lead' | 'admin'>, workflows: string[]) =>
  mintDevelopmentToken({ sub, roles, workflows }, DEVELOPMENT_HS256_SECRET);

async function call(url: string, bearer: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${bearer}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('risk-budget evidence: propensities from routing to estimates, backtest and plot', () => {
  const platform = new RunningPlatform({
    REVIEW_WRITE_LIMIT: '100000',
    REVIEW_UI_FEEDBACK_URL: address(23002),
    REVIEW_UI_ROUTER_URL: address(23001),
    CORS_ORIGINS: address(23000),
  });
  const kafka = new KafkaProbe(readInfrastructure().kafkaBrokers);
  const decisions = [
    ...Array.from({ length: 10 }, () => decision(0.6)),
    ...Array.from({ length: 30 }, () => decision(0.97)),
  ];
  const propensityOf = new Map<string, number>();

  beforeAll(async () => {
    await platform.start();
    await kafka.watch([Topics.decisionsRouted]);
    await storePolicyAsTwoAdmins(
      platform.url('router', ''),
      workflow,
      { threshold: 0.8, trustLevel: 2, ladder: { level2SampleRate: SAMPLE_RATE, level2EdgeBand: 0.05 } },
      'e2e: half of confident decisions sampled',
    );
    // Every router replica applies a policy change within about a second.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }, 240_000);

  afterAll(async () => {
    await kafka.close();
    await platform.stop();
  });

  it('routes every decision with its review propensity: 1 for a reason to review, else the sample rate', async () => {
    for (const sent of decisions) await kafka.send(Topics.decisions, sent.id, JSON.stringify(sent));
    const ids = new Set(decisions.map((sent) => sent.id));
    const routed = await kafka.waitFor(
      (record) => record.topic === Topics.decisionsRouted && ids.has(record.key ?? ''),
      decisions.length,
    );
    for (const record of routed) {
      const { decisionId, routing } = json(record) as {
        decisionId: string;
        routing: { route: string; reasons: string[]; reviewPropensity: number };
      };
      const onlySampled = routing.reasons.every((reason) => reason === 'random_sample');
      expect(routing.reviewPropensity).toBe(onlySampled ? SAMPLE_RATE : 1);
      if (routing.route === 'review') propensityOf.set(decisionId, routing.reviewPropensity);
    }
    expect([...propensityOf.values()].filter((p) => p === 1)).toHaveLength(10);
    expect([...propensityOf.values()].filter((p) => p === SAMPLE_RATE).length).toBeGreaterThan(0);
  }, 120_000);

  it('keeps each judgment’s propensity: feedback’s estimates count the decisions the judged ones stand for', async () => {
    const reviewer = await token('e2e-risk-reviewer', ['reviewer'], [workflow]);
    // Judge every task: the unconfident ones wrong, the confident ones right.
    await eventually(async () => {
      const open = await call(platform.url('review', '/api/v1/tasks?state=open&limit=200'), reviewer);
      return open.body.items.length >= propensityOf.size ? open.body.items : undefined;
    });
    const open = await call(platform.url('review', '/api/v1/tasks?state=open&limit=200'), reviewer);
    const confidenceOf = new Map(decisions.map((sent) => [sent.id, sent.confidence]));
    for (const task of open.body.items as Array<{ id: string; decisionId: string }>) {
      expect(
        (await call(platform.url('review', `/api/v1/tasks/${task.id}/claim`), reviewer, { method: 'POST' })).status,
      ).toBeLessThan(300);
      const verdict =
        (confidenceOf.get(task.decisionId) ?? 0) < 0.8
          ? { verdict: 'reject', reasonCode: 'incorrect' }
          : { verdict: 'approve' };
      const done = await call(platform.url('review', `/api/v1/tasks/${task.id}/complete`), reviewer, {
        method: 'POST',
        body: verdict,
      });
      expect(done.status).toBeLessThan(300);
    }
    const expectedUnits = [...propensityOf.values()].reduce((sum, p) => sum + 1 / p, 0);
    const estimates = await eventually(async () => {
      const answer = await call(platform.url('feedback', `/api/v1/estimates?workflow=${workflow}`), reviewer);
      return answer.body?.models?.[0]?.judged === propensityOf.size ? answer.body : undefined;
    });
    expect(estimates.withoutPropensity).toBe(0);
    // Σ 1/propensity over the stored judgments equals the same sum over the routed events: the propensities survived.
    expect(estimates.models[0].decisions).toBeCloseTo(expectedUnits, 9);
    expect(estimates.models[0].accuracy.weighted.judged).toBe(propensityOf.size);
    expect(estimates.models[0].releasedError.weighted).toMatchObject({ estimate: 0 });

    const other = await token('e2e-risk-other', ['lead'], ['invoice-coding']);
    expect((await call(platform.url('feedback', `/api/v1/estimates?workflow=${workflow}`), other)).status).toBe(403);
  }, 180_000);

  it('backtests a proposed threshold for a lead of the workflow, refuses others and bad input with field errors', async () => {
    const lead = await token('e2e-risk-lead', ['lead'], [workflow]);
    const answer = await call(platform.url('feedback', '/api/v1/backtest'), lead, {
      method: 'POST',
      body: { workflow, threshold: 0.9, sampleRate: 0.05, budget: 0.02 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ judged: propensityOf.size, enough: false, withinBudget: false });
    expect(answer.body.note).toMatch(/^too few judgments/);
    // Everything below 0.9 was wrong and is now reviewed; what it releases was right: 0 released error estimated.
    expect(answer.body.releasedError.estimate).toBe(0);

    const bad = await call(platform.url('feedback', '/api/v1/backtest'), lead, {
      method: 'POST',
      body: { workflow, threshold: 1.5, sampleRate: 'often' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/threshold/);
    expect(JSON.stringify(bad.body)).toMatch(/sampleRate/);

    const other = await token('e2e-risk-other', ['lead'], ['invoice-coding']);
    const refused = await call(platform.url('feedback', '/api/v1/backtest'), other, {
      method: 'POST',
      body: { workflow, threshold: 0.9 },
    });
    expect(refused.status).toBe(403);
    const sweep = await call(platform.url('feedback', `/api/v1/backtest/sweep?workflow=${workflow}`), lead);
    expect(sweep.status).toBe(200);
    expect(sweep.body.length).toBeGreaterThan(5);
  }, 60_000);

  it('plots the sweep in the oversight dashboard, with a table, and no serious or critical axe-core violation', async () => {
    const lead = await token('e2e-risk-lead', ['lead'], [workflow]);
    const browser = await launchHeadlessChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${platform.url('review', '/dashboard')}`);
      await page.locator('#token').waitFor();
      await page.keyboard.insertText(lead);
      await page.keyboard.press('Enter');
      await page.getByText('Backtest: reviews needed against released error').waitFor();
      await page.getByLabel('Workflow').selectOption(workflow);
      const table = page.getByRole('table', { name: `Backtest of ${workflow} by threshold` });
      await table.waitFor();
      expect(await table.getByRole('row').count()).toBeGreaterThan(5);
      await page
        .getByRole('note')
        .getByText(/Too few judgments/)
        .waitFor();
      // Points are labelled by threshold in text, not told apart by colour.
      await page.locator('.recharts-label-list').first().waitFor();
      await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
      const violations = (await page.evaluate(
        "window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.impact + ' ' + v.id))",
      )) as string[];
      expect(violations.filter((v) => v.startsWith('serious') || v.startsWith('critical'))).toEqual([]);
      mkdirSync(join(repoRoot, 'artifacts', 'screenshots'), { recursive: true });
      await page.screenshot({ path: join(repoRoot, 'artifacts', 'screenshots', 'backtest-plot.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
