import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import {
  eventually,
  json,
  KafkaProbe,
  readInfrastructure,
  repoRoot,
  ServiceProcess,
  storePolicyAsTwoAdmins,
  testPortOffset,
  metricsScrape,
} from '@countersign/testing';
import { launchHeadlessChromium } from './support/headless-chromium';

// The reviewer's whole day in a real browser, by keyboard only: sign in, open the queue, approve one task, reject one
// with a reason, correct one field of a third; then what downstream systems see on Kafka and what review stored.

const workflow = `ui-e2e-${randomUUID().slice(0, 8)}`;
const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const AI_OUTPUT = { counterparty: 'Acme GmbH', liabilityCap: 1_000_000, termMonths: 24, governingLaw: 'Germany' };
const CONTRACT =
  'This Master Services Agreement is made between Acme GmbH ("Supplier") and Buyer Ltd ("Customer"). ' +
  'It starts on signature and runs for 24 months, renewing for further twelve-month periods unless either party ' +
  'gives ninety days written notice. The Supplier shall provide the services described in Schedule 1 with ' +
  'reasonable skill and care and in accordance with good industry practice. ' +
  "Supplier's aggregate liability under this Agreement shall not exceed EUR 1,000,000 in any contract year. " +
  'Nothing in this Agreement limits liability for death or personal injury caused by negligence, or for fraud. ' +
  'This Agreement and any dispute arising from it are governed by the laws of Germany.';

function decision(index: number) {
  const mark = (text: string, field: string) => {
    const start = CONTRACT.indexOf(text);
    return { start, end: start + text.length, field };
  };
  return {
    schemaVersion: 1,
    id: `ui-e2e-${index}-${randomUUID()}`,
    workflow,
    model: { name: 'contract-extractor', version: '2026.11' },
    confidence: 0.55,
    output: AI_OUTPUT,
    input: { documentId: `msa-acme-${index}`, pages: 12 },
    evidence: {
      text: CONTRACT,
      spans: [
        mark('Acme GmbH', 'counterparty'),
        mark('24 months', 'termMonths'),
        mark('EUR 1,000,000', 'liabilityCap'),
        mark('laws of Germany', 'governingLaw'),
      ],
    },
    attributes: { amount: 250_000, region: 'EU' },
    flags: [],
    occurredAt: new Date().toISOString(),
  };
}

describe('reviewer web UI in headless Chromium', () => {
  const infrastructure = readInfrastructure();
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const schemasDir = mkdtempSync(join(tmpdir(), 'countersign-ui-schemas-'));
  const shared = {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'e2e-ui',
  };
  const address = (port: number) => `http://127.0.0.1:${port + testPortOffset}`;
  const review = new ServiceProcess('review', 23000, {
    REVIEW_UI_ROUTER_URL: address(23001),
    ...shared,
    REVIEW_WEB_DIR: join(repoRoot, 'dist', 'services', 'review-web'),
    REVIEW_OUTPUT_SCHEMAS_DIR: schemasDir,
    // Short leases: the test waits past one to see the app renew it while the reviewer works.
    REVIEW_LEASE_SECONDS: '12',
    REVIEW_UI_FEEDBACK_URL: 'http://127.0.0.1:9',
    REVIEW_UI_AUDIT_URL: 'http://127.0.0.1:9',
  });
  const router = new ServiceProcess('router', 23001, { ...shared, CORS_ORIGINS: address(23000) });
  let browser: Awaited<ReturnType<typeof launchHeadlessChromium>>;
  let page: Page;
  let keystrokes = 0;
  const press = async (key: string) => {
    keystrokes += 1;
    await page.keyboard.press(key);
  };

  beforeAll(async () => {
    // The workflow's output schema is contract-review's, under this run's own workflow name.
    for (const file of readdirSync(join(repoRoot, 'deploy', 'schemas'))) {
      copyFileSync(join(repoRoot, 'deploy', 'schemas', file), join(schemasDir, file));
    }
    copyFileSync(join(schemasDir, 'contract-review.schema.json'), join(schemasDir, `${workflow}.schema.json`));
    mkdirSync(screenshots, { recursive: true });
    await router.start();
    await review.start();
    await kafka.watch([Topics.decisionsFinal, Topics.reviewCompleted]);
    browser = await launchHeadlessChromium();
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await kafka.close();
    await Promise.all([review.stop(), router.stop()]);
    rmSync(schemasDir, { recursive: true, force: true });
  });

  // A lead reviews too (reviewer ⊂ lead), and may open the dashboard.
  const leadToken = () =>
    mintDevelopmentToken({ sub: 'e2e-lead', roles: ['lead'], workflows: [workflow] }, DEVELOPMENT_HS256_SECRET);
  const byKey = (topic: string, key: string) => (record: { topic: string; key: string | null }) =>
    record.topic === topic && record.key === key;
  const heading = () => page.locator('#task-title').innerText();
  const decisionOnScreen = async () => (await heading()).split(' · ')[1];
  const nextTaskAfter = (decisionId: string) => page.locator('#task-title', { hasNotText: decisionId }).waitFor();

  it('serves the app at / with a fallback for its pages, never over the API, docs, health or metrics', async () => {
    const get = (path: string) => fetch(`${review.baseUrl}${path}`);
    for (const path of ['/', '/review/contract-review', '/dashboard']) {
      const response = await get(path);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([
        path,
        200,
        expect.stringContaining('text/html'),
      ]);
      expect(await response.text()).toContain('<div id="root"></div>');
    }
    expect((await get('/api/v1/queues')).status).toBe(401);
    expect((await get('/api/v1/no-such-route')).status).not.toBe(200);
    expect(await (await get('/health')).json()).toMatchObject({ status: 'ok' });
    expect(await (await get('/docs')).text()).toContain('swagger');
    expect((await get('/metrics')).status).toBe(401);
    const scraped = await fetch(`${review.baseUrl}/metrics`, metricsScrape);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    expect(scraped.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await get('/assets/not-built.js')).status).toBe(404);
    expect(await (await get('/config.json')).json()).toMatchObject({ routerUrl: router.baseUrl });
  });

  it('lets a reviewer approve, reject with a reason and correct one field, by keyboard only', async () => {
    const version = await storePolicyAsTwoAdmins(
      router.baseUrl,
      workflow,
      {
        threshold: 0.9,
        trustLevel: 2,
        alwaysReview: [{ name: 'high-value', when: { '>': [{ var: 'attributes.amount' }, 100000] } }],
        // No random sampling on top: each task's reasons are exactly the threshold and the rule.
        ladder: { level2SampleRate: 0 },
      },
      'e2e: reviewer UI',
    );
    expect(version).toBe(1);
    const decisions = [decision(1), decision(2), decision(3)];
    for (const sent of decisions) await kafka.send(Topics.decisions, sent.id, JSON.stringify(sent));
    const lead = await leadToken();
    await eventually(async () => {
      const response = await fetch(`${review.baseUrl}/api/v1/queues`, { headers: { authorization: `Bearer ${lead}` } });
      const queues = (await response.json()) as Array<{ workflow: string; open: number }>;
      return queues.find((queue) => queue.workflow === workflow)?.open === 3 || undefined;
    });

    // Sign in: paste the token, Enter.
    await page.goto(`${review.baseUrl}/`);
    await page.locator('#token').waitFor();
    await page.keyboard.insertText(lead);
    await press('Enter');
    await page.getByRole('heading', { name: 'Your queues' }).waitFor();
    await page.getByRole('row', { name: new RegExp(workflow) }).waitFor();
    await page.screenshot({ path: join(screenshots, 'queue.png') });

    // One key opens the queue and claims its first task.
    await press('1');
    await page.locator('#task-title').waitFor();
    await page.getByText('amount > 100,000 (rule high-value)').waitFor();
    expect(await page.locator('.reasons li').allInnerTexts()).toEqual([
      'confidence 0.55 is below threshold 0.90',
      'amount > 100,000 (rule high-value)',
    ]);
    expect(await page.locator('.evidence mark').allInnerTexts()).toEqual([
      'Acme GmbH',
      '24 months',
      'EUR 1,000,000',
      'laws of Germany',
    ]);
    await page.screenshot({ path: join(screenshots, 'review.png') });

    // Approve: A, Enter. The rubber-stamp guard stays silent: this reviewer has no history of their own here yet (#20).
    const approved = await decisionOnScreen();
    const beforeApprove = keystrokes;
    await press('a');
    await press('Enter');
    await nextTaskAfter(approved);
    expect(await page.locator('.rubber-stamp').count()).toBe(0);
    expect(keystrokes - beforeApprove).toBe(2);

    // Reject: R, 1 (incorrect), Enter.
    const rejected = await decisionOnScreen();
    await press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await press('Escape');
    await press('r');
    await press('1');
    await press('Enter');
    await nextTaskAfter(rejected);

    // Correct: work past the 12 s lease (the app renews it), then E, Tab to the liability cap, a wrong value first.
    const corrected = await decisionOnScreen();
    await page.waitForTimeout(13_000);
    await press('e');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('field-counterparty');
    await press('Tab');
    await press('Control+A');
    await page.keyboard.type('a lot');
    await press('Enter');
    await page.getByText('Liability cap must be a number').waitFor();
    await press('Control+A');
    await page.keyboard.type('2,000,000');
    await page.getByText('Liability cap must be a number').waitFor({ state: 'detached' });
    await page.locator('.diff tr[data-field="liabilityCap"]').waitFor();
    expect(await page.locator('.diff tbody tr').allInnerTexts()).toEqual(['liabilityCap\t1000000\t2000000']);
    await page.screenshot({ path: join(screenshots, 'review-correction.png') });
    await press('Enter');
    await page.getByRole('heading', { name: `${workflow}: nothing to review` }).waitFor();

    const finals = (id: string) => kafka.waitFor(byKey(Topics.decisionsFinal, id), 1).then(([record]) => json(record));
    expect(await finals(approved)).toMatchObject({ outcome: 'approved', finalOutput: AI_OUTPUT });
    expect(await finals(rejected)).toMatchObject({ outcome: 'rejected', finalOutput: null });
    expect(await finals(corrected)).toMatchObject({
      outcome: 'corrected',
      finalOutput: { ...AI_OUTPUT, liabilityCap: 2_000_000 },
    });
    expect(
      kafka.records((record) => record.topic === Topics.decisionsFinal && decisions.some((d) => d.id === record.key)),
    ).toHaveLength(3);
    const [completed] = await kafka.waitFor(byKey(Topics.reviewCompleted, corrected), 1);
    expect(json(completed)).toMatchObject({
      verdict: 'correct',
      diff: [{ path: '/liabilityCap', before: 1_000_000, after: 2_000_000 }],
    });
    const [rejection] = await kafka.waitFor(byKey(Topics.reviewCompleted, rejected), 1);
    expect(json(rejection)).toMatchObject({ verdict: 'reject', reasonCode: 'incorrect' });

    // What review stored: the correction, as the task's judgment and outcome.
    const tasks = await fetch(`${review.baseUrl}/api/v1/tasks?decisionId=${encodeURIComponent(corrected)}`, {
      headers: { authorization: `Bearer ${lead}` },
    }).then((response) => response.json() as Promise<{ items: any[] }>);
    expect(tasks.items).toEqual([
      expect.objectContaining({
        state: 'completed',
        judgments: [
          expect.objectContaining({ verdict: 'correct', correction: { ...AI_OUTPUT, liabilityCap: 2_000_000 } }),
        ],
        outcome: expect.objectContaining({
          verdict: 'correct',
          finalOutput: { ...AI_OUTPUT, liabilityCap: 2_000_000 },
        }),
      }),
    ]);
  }, 120_000);

  it('shows a lead the dashboard: trust level, and no data yet where none is measured', async () => {
    // A fresh tab. A token in the URL fragment (the old implicit flow) no longer signs anyone in: a link could
    // otherwise sign a reviewer in under someone else's name (login CSRF, #14). Sign-in is pasting, in development.
    page = await browser.context.newPage();
    await page.goto(`${review.baseUrl}/dashboard#access_token=${await leadToken()}`);
    await page.locator('#token').waitFor();
    expect(await page.getByRole('heading', { name: 'Oversight' }).count()).toBe(0);
    await page.keyboard.insertText(await leadToken());
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Oversight' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    const row = page.getByRole('row', { name: new RegExp(workflow) });
    await row.waitFor();
    expect(await row.locator('td').allInnerTexts()).toEqual([
      '2',
      '0.90',
      'no data yet',
      '0',
      '—',
      'no data yet',
      'no data yet',
    ]);
    await page.getByText('No data yet: the feedback and audit services have not measured these.').waitFor();
    await page.screenshot({ path: join(screenshots, 'dashboard.png') });
  });
});
