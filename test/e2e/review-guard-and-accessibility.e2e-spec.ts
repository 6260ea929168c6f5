import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import {
  eventually,
  KafkaProbe,
  readInfrastructure,
  repoRoot,
  ServiceProcess,
  storePolicyAsTwoAdmins,
  testPortOffset,
} from '@countersign/testing';
import { axeAtWidths, AxeResult } from './support/axe-check';
import { launchHeadlessChromium } from './support/headless-chromium';

// Issue #20: the rubber-stamp guard judges a reviewer by their own recent pace, and every screen passes axe-core with
// no serious or critical violation at 1024, 1440 and 1920 wide (screenshots at 1440 go to docs/images).

const workflow = `a11y-e2e-${randomUUID().slice(0, 8)}`;
const images = join(repoRoot, 'docs', 'images');
const USUAL_PACE_MS = 2_500;
const EVIDENCE = 'The Supplier shall provide the services in Schedule 1. Liability is capped at EUR 1,000,000.';
const CAP_AT = EVIDENCE.indexOf('EUR 1,000,000');

const decision = (index: number) => ({
  schemaVersion: 1,
  id: `a11y-e2e-${index}-${randomUUID()}`,
  workflow,
  model: { name: 'contract-extractor', version: '2026.11' },
  confidence: 0.5,
  output: { counterparty: 'Acme GmbH', liabilityCap: 1_000_000, termMonths: 24, governingLaw: 'Germany' },
  input: { documentId: `msa-${index}` },
  evidence: { text: EVIDENCE, spans: [{ start: CAP_AT, end: CAP_AT + 'EUR 1,000,000'.length, field: 'liabilityCap' }] },
  attributes: { amount: 1_000 },
  flags: [],
  occurredAt: new Date().toISOString(),
});

describe('rubber-stamp guard and accessibility in headless Chromium', () => {
  const infrastructure = readInfrastructure();
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const schemasDir = mkdtempSync(join(tmpdir(), 'countersign-a11y-schemas-'));
  const shared = { KAFKA_BROKERS: infrastructure.kafkaBrokers, DATABASE_URL: infrastructure.databaseUrl };
  const address = (port: number) => `http://127.0.0.1:${port + testPortOffset}`;
  const review = new ServiceProcess('review', 23010, {
    ...shared,
    INSTANCE_ID: 'e2e-a11y',
    REVIEW_UI_ROUTER_URL: address(23011),
    REVIEW_WEB_DIR: join(repoRoot, 'dist', 'services', 'review-web'),
    REVIEW_OUTPUT_SCHEMAS_DIR: schemasDir,
    REVIEW_UI_FEEDBACK_URL: 'http://127.0.0.1:9',
    REVIEW_UI_AUDIT_URL: 'http://127.0.0.1:9',
  });
  const router = new ServiceProcess('router', 23011, {
    ...shared,
    INSTANCE_ID: 'e2e-a11y',
    CORS_ORIGINS: address(23010),
  });
  let browser: Awaited<ReturnType<typeof launchHeadlessChromium>>;
  let page: Page;
  const token = (sub: string, roles: Array<'reviewer' | 'lead'>) =>
    mintDevelopmentToken({ sub, roles, workflows: [workflow] }, DEVELOPMENT_HS256_SECRET);
  const call = async (path: string, bearer: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${review.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    // Response bodies are checked by the assertions that read them.
    const body: any = response.status === 204 ? undefined : await response.json();
    return { status: response.status, body };
  };

  beforeAll(async () => {
    for (const file of readdirSync(join(repoRoot, 'deploy', 'schemas'))) {
      copyFileSync(join(repoRoot, 'deploy', 'schemas', file), join(schemasDir, file));
    }
    copyFileSync(join(schemasDir, 'contract-review.schema.json'), join(schemasDir, `${workflow}.schema.json`));
    mkdirSync(images, { recursive: true });
    await router.start();
    await review.start();
    // A workflow's first policy lowers oversight (unknown workflows are reviewed entirely): two admins store it.
    await storePolicyAsTwoAdmins(
      router.baseUrl,
      workflow,
      { threshold: 0.9, trustLevel: 2, ladder: { level2SampleRate: 0 } },
      'e2e: guard and accessibility',
    );
    await kafka.watch([Topics.reviewCompleted]);
    for (let i = 0; i < 10; i++) {
      const sent = decision(i);
      await kafka.send(Topics.decisions, sent.id, JSON.stringify(sent));
    }
    const lead = await token('a11y-lead', ['lead']);
    await eventually(async () => {
      const { body } = await call('/api/v1/queues', lead);
      return (body as Array<{ workflow: string; open: number }>).find((q) => q.workflow === workflow)?.open === 10
        ? true
        : undefined;
    });
    browser = await launchHeadlessChromium();
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await kafka.close();
    await Promise.all([review.stop(), router.stop()]);
    rmSync(schemasDir, { recursive: true, force: true });
  });

  const signIn = async (bearer: string, path = '/') => {
    await page.goto(`${review.baseUrl}${path}`);
    await page.locator('#token').waitFor();
    await page.keyboard.insertText(bearer);
    await page.keyboard.press('Enter');
  };

  it('prompts a reviewer who approves far faster than their own recent pace, not one at their usual pace', async () => {
    const reviewer = await token('a11y-reviewer', ['reviewer']);
    // Five approvals at about 2.5 s each, through the API: the reviewer's own history on this workflow.
    for (let i = 0; i < 5; i++) {
      const claimed = await call(`/api/v1/tasks/next?workflow=${workflow}`, reviewer, { method: 'POST' });
      expect(claimed.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, USUAL_PACE_MS));
      const done = await call(`/api/v1/tasks/${claimed.body.id}/complete`, reviewer, {
        method: 'POST',
        body: { verdict: 'approve' },
      });
      expect(done.status).toBe(200);
    }
    const mine = await call(`/api/v1/my/judgments?workflow=${workflow}`, reviewer);
    expect(mine.body.items).toHaveLength(5);
    expect(mine.body.items.every((item: { timeOnTaskMs: number }) => item.timeOnTaskMs >= USUAL_PACE_MS)).toBe(true);
    // A bad request is a 400 with the field named, never a 5xx.
    const bad = await call('/api/v1/my/judgments?workflow=Not_Kebab&limit=0', reviewer);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('workflow');
    // Another reviewer sees only their own (none), never this one's.
    expect((await call(`/api/v1/my/judgments?workflow=${workflow}`, await token('other', ['reviewer']))).body).toEqual({
      items: [],
    });

    await signIn(reviewer);
    await page.getByRole('heading', { name: 'Your queues' }).waitFor();
    await page.keyboard.press('1');
    await page.locator('#task-title').waitFor();

    // At the usual pace: A, Enter sends at once, no prompt.
    const first = await page.locator('#task-title').innerText();
    await page.waitForTimeout(USUAL_PACE_MS + 300);
    await page.keyboard.press('a');
    await page.keyboard.press('Enter');
    await page.locator('#task-title', { hasNotText: first.split(' · ')[1] }).waitFor();
    expect(await page.locator('.rubber-stamp').count()).toBe(0);

    // Far faster than their own pace (well under 0.35 × 2.5 s): the guard asks once more; Enter approves anyway.
    const second = await page.locator('#task-title').innerText();
    await page.keyboard.press('a');
    await page.keyboard.press('Enter');
    await page.locator('.rubber-stamp').waitFor();
    expect(await page.locator('.rubber-stamp').innerText()).toContain('your own recent pace');
    expect(await axeAt('rubber-stamp-prompt')).toEqual([]);
    await page.keyboard.press('Enter');
    await page.locator('#task-title', { hasNotText: second.split(' · ')[1] }).waitFor();

    // The verdict says the prompt was shown and approved from: only that judgment's event names the reviewer in
    // guardPrompts, which feedback stores to measure the prompt's effect.
    const completions = (
      await kafka.waitFor(
        (record) => record.topic === Topics.reviewCompleted && String(record.value).includes('"a11y-reviewer"'),
        7,
      )
    ).map((record) => JSON.parse(String(record.value)));
    const prompted = completions.filter((event) => event.guardPrompts !== undefined);
    expect(prompted).toHaveLength(1);
    expect(prompted[0].guardPrompts).toEqual([{ reviewer: 'a11y-reviewer', reconsidered: false }]);
    expect(second).toContain(prompted[0].decisionId);
  }, 90_000);

  const report: AxeResult[] = [];
  const axeAt = (screen: string, screenshot = true) => axeAtWidths(page, screen, report, screenshot ? { images } : {});

  it('has no serious or critical axe-core violation on any screen at 1024, 1440 and 1920 wide', async () => {
    const lead = await token('a11y-lead', ['lead']);
    const found: string[] = [];
    page = await browser.context.newPage();
    await page.goto(`${review.baseUrl}/`);
    await page.locator('#token').waitFor();
    found.push(...(await axeAt('sign-in')));
    await page.keyboard.insertText(lead);
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: new RegExp(workflow) }).waitFor();
    found.push(...(await axeAt('queues')));
    await page.keyboard.press('1');
    await page.locator('#task-title').waitFor();
    found.push(...(await axeAt('review')));
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    found.push(...(await axeAt('help-overlay')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    found.push(...(await axeAt('reject-reasons')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('e');
    await page.locator('#field-counterparty').waitFor();
    found.push(...(await axeAt('correction-form')));
    await page.keyboard.press('Escape');
    const leave = await browser.context.newPage();
    await page.close();
    page = leave;
    await signIn(lead, '/dashboard');
    await page.getByRole('heading', { name: 'Oversight' }).waitFor();
    found.push(...(await axeAt('oversight')));
    mkdirSync(join(repoRoot, 'artifacts'), { recursive: true });
    writeFileSync(join(repoRoot, 'artifacts', 'axe-report.json'), JSON.stringify(report, null, 2));
    expect(found).toEqual([]);
  }, 120_000);
});
