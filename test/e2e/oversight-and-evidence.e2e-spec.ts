import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import {
  eventually,
  KafkaProbe,
  readInfrastructure,
  repoRoot,
  ServiceProcess,
  storeAuditPlanAsTwoAdmins,
  storePolicyAsTwoAdmins,
  testPortOffset,
} from '@countersign/testing';
import { axeAtWidths, AxeResult } from './support/axe-check';
import { launchHeadlessChromium } from './support/headless-chromium';

// Issue #20, in Chromium: a lead opens a workflow's oversight trends, sees 95% intervals and a trust-level change on
// the timeline, downloads the evidence pack, and the CLI verifies it offline (and refuses it once a byte changes).
// Every new screen passes axe-core with no serious or critical violation at 1024, 1440 and 1920 wide.

const workflow = `trends-e2e-${randomUUID().slice(0, 8)}`;
const images = join(repoRoot, 'docs', 'images');

const decision = (index: number, confidence: number) => ({
  schemaVersion: 1,
  id: `trends-e2e-${index}-${randomUUID()}`,
  workflow,
  model: { name: 'invoice-coder', version: '2026.12' },
  confidence,
  output: { account: '6000' },
  input: { invoice: `inv-${index}` },
  attributes: {},
  flags: [],
  occurredAt: new Date().toISOString(),
});

describe('oversight trends and the evidence pack in headless Chromium', () => {
  const infrastructure = readInfrastructure();
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const work = mkdtempSync(join(tmpdir(), 'countersign-evidence-'));
  const address = (port: number) => `http://127.0.0.1:${port + testPortOffset}`;
  const shared = {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'e2e-trends',
    CORS_ORIGINS: address(23040),
  };
  const review = new ServiceProcess('review', 23040, {
    ...shared,
    REVIEW_WEB_DIR: join(repoRoot, 'dist', 'services', 'review-web'),
    REVIEW_UI_ROUTER_URL: address(23041),
    REVIEW_UI_FEEDBACK_URL: address(23042),
    REVIEW_UI_AUDIT_URL: address(23043),
  });
  const router = new ServiceProcess('router', 23041, shared);
  const feedback = new ServiceProcess('feedback', 23042, shared);
  const audit = new ServiceProcess('audit', 23043, {
    ...shared,
    AUDIT_REPORT_CRON: '',
    AUDIT_CHECKPOINT_EVERY_MS: '0',
  });
  let browser: Awaited<ReturnType<typeof launchHeadlessChromium>>;
  let page: Page;
  const token = (sub: string, roles: Array<'reviewer' | 'lead' | 'admin'>, workflows = [workflow]) =>
    mintDevelopmentToken({ sub, roles, workflows }, DEVELOPMENT_HS256_SECRET);
  const call = async (base: string, path: string, bearer: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    // Bodies are checked by the assertions that read them.
    const body: any = text ? JSON.parse(text) : undefined;
    return { status: response.status, body };
  };

  beforeAll(async () => {
    mkdirSync(images, { recursive: true });
    for (const service of [router, review, feedback, audit]) await service.start();
    await storePolicyAsTwoAdmins(
      router.baseUrl,
      workflow,
      { threshold: 0.9, trustLevel: 2, ladder: { level2SampleRate: 0 } },
      'e2e: trends',
    );
    const plan = {
      ratesByTrustLevel: { 1: 1, 2: 1, 3: 1, 4: 1 },
      minimumPerPeriod: 0,
      period: 'week',
      confidenceCuts: [],
    };
    // Minimum 0 lowers the default's: a proposal a second admin approves.
    expect(await storeAuditPlanAsTwoAdmins(audit.baseUrl, workflow, plan)).toBe(202);
    // Four below the threshold go to review; four above are released and each sampled for an audit check.
    for (let i = 0; i < 8; i++) {
      const sent = decision(i, i < 4 ? 0.5 : 0.97);
      await kafka.send(Topics.decisions, sent.id, JSON.stringify(sent));
    }
    const reviewer = await token('trends-reviewer', ['reviewer']);
    // One review and one audit check find the AI wrong: 1 of 4 audits is the released error the view must show.
    const judgedByKind: Record<string, number> = { review: 0, audit: 0 };
    await eventually(async () => {
      const claimed = await call(review.baseUrl, `/api/v1/tasks/next?workflow=${workflow}`, reviewer, {
        method: 'POST',
      });
      if (claimed.status === 200) {
        const kind: string = claimed.body.kind;
        const wrong = judgedByKind[kind] === 0;
        const done = await call(review.baseUrl, `/api/v1/tasks/${claimed.body.id}/complete`, reviewer, {
          method: 'POST',
          body: wrong ? { verdict: 'reject', reasonCode: 'incorrect' } : { verdict: 'approve' },
        });
        expect(done.status).toBe(200);
        judgedByKind[kind] += 1;
      }
      return judgedByKind.review === 4 && judgedByKind.audit === 4 ? true : undefined;
    }, 90_000);
    // A trust-level change for the timeline (raising autonomy takes two admins).
    await storePolicyAsTwoAdmins(
      router.baseUrl,
      workflow,
      { threshold: 0.9, trustLevel: 3, ladder: { level2SampleRate: 0 } },
      'e2e: more autonomy',
    );
    browser = await launchHeadlessChromium();
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await kafka.close();
    await Promise.all([review.stop(), router.stop(), feedback.stop(), audit.stop()]);
    rmSync(work, { recursive: true, force: true });
  });

  it('answers the weekly series to a lead of the workflow only, and bad input with a 400', async () => {
    const lead = await token('trends-lead', ['lead']);
    const series = await eventually(async () => {
      const { body } = await call(feedback.baseUrl, `/api/v1/oversight/${workflow}?weeks=4`, lead);
      const week = body?.weeks?.at(-1);
      return week?.releasedError?.trials === 4 && week?.decisions === 8 ? body : undefined;
    }, 60_000);
    expect(series.weeks).toHaveLength(4);
    expect(series.maxErrorRate).toBeNull();
    const week = series.weeks.at(-1);
    expect(week).toMatchObject({ reviewed: 4, budget: 'no-budget', smallSample: true });
    expect(week.releasedError.lower).toBeLessThan(week.releasedError.upper);
    expect(series.reviewers[0]).toMatchObject({ reviewer: 'trends-reviewer', judgments: 8 });
    expect(series.calibration[0]).toMatchObject({ modelVersion: '2026.12' });

    const stranger = await token('other-lead', ['lead'], ['another-workflow']);
    expect((await call(feedback.baseUrl, `/api/v1/oversight/${workflow}`, stranger)).status).toBe(403);
    expect((await call(audit.baseUrl, `/api/v1/evidence-packs/${workflow}`, stranger)).status).toBe(403);
    const reviewer = await token('trends-reviewer', ['reviewer']);
    expect((await call(feedback.baseUrl, `/api/v1/oversight/${workflow}`, reviewer)).status).toBe(403);
    const bad = await call(feedback.baseUrl, `/api/v1/oversight/${workflow}?weeks=0`, lead);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('weeks');
    expect(
      (await call(audit.baseUrl, `/api/v1/evidence-packs/${workflow}?from=2026-12-01&to=2026-11-01`, lead)).status,
    ).toBe(400);
  }, 90_000);

  const report: AxeResult[] = [];
  const axeAt = (screen: string) => axeAtWidths(page, screen, report, { images, fullPage: true });

  it('shows intervals and a timeline with the policy change, downloads the pack, and the CLI verifies it', async () => {
    const lead = await token('trends-lead', ['lead']);
    await page.goto(`${review.baseUrl}/oversight`);
    await page.locator('#token').waitFor();
    await page.keyboard.insertText(lead);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: workflow }).waitFor();
    const found = await axeAt('oversight-index');
    await page.getByRole('link', { name: workflow }).click();
    await page.getByRole('heading', { name: `Oversight trends: ${workflow}` }).waitFor();
    await page.locator('.week-table').waitFor();

    const timeline = await page.locator('.timeline').innerText();
    expect(timeline).toContain('trust level 2 → 3');
    const weeks = await page.locator('.week-table').innerText();
    expect(weeks).toMatch(/25\.0 % \(95% \d+\.\d–\d+\.\d %\), n = 4/); // 1 of 4 audits wrong, with its interval
    expect(weeks).toContain('small sample');
    // The intervals are drawn: a range bar from bound to bound on the released-error and catch-rate points of the week,
    // and on the calibration bucket.
    expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByText('No budget is set for this workflow').count()).toBe(1);
    // Calibration of the version: 3 of 4 audited releases right at 97% claimed, with its interval.
    expect(await page.locator('.calibration-table').innerText()).toMatch(/75\.0 % \(95% \d+\.\d–\d+\.\d %\), n = 4/);
    found.push(...(await axeAt('oversight-trends')));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download evidence pack' }).click(),
    ]);
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    const pack = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(pack.files).sort()).toEqual([
      'evidence.html',
      'evidence.json',
      'policies.csv',
      'report.csv',
      'reviewers.csv',
    ]);
    const contents = JSON.parse(pack.files['evidence.json']);
    expect(contents.trailVerification.ok).toBe(true);
    expect(contents.report.audit).toMatchObject({ judged: 4, errorsFound: 1 });
    expect(contents.policyChanges.map((p: { trustLevel: number }) => p.trustLevel)).toEqual([2, 3]);
    expect(contents.reviewerActivity).toEqual([
      { reviewer: 'trends-reviewer', completed: 8, byVerdict: { approve: 6, reject: 2 } },
    ]);

    const publicKey = join(work, 'audit.pub.pem');
    const keyResponse = await fetch(`${audit.baseUrl}/api/v1/trail/checkpoints/public-key`);
    // The published key, fetched once and kept by the auditor: the pack must be signed by it.
    writeFileSync(publicKey, ((await keyResponse.json()) as { publicKeyPem: string }).publicKeyPem);
    const verify = (path: string) =>
      spawnSync('npx', ['tsx', 'services/audit/src/cli/verify-evidence-pack.ts', path, '--public-key', publicKey], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
    const good = verify(file);
    expect(good.stderr).toContain('evidence pack authentic');
    expect(good.status).toBe(0);

    const tampered = join(work, 'tampered.json');
    pack.files['report.csv'] = pack.files['report.csv'].replace('audit.errorsFound,1', 'audit.errorsFound,0');
    writeFileSync(tampered, JSON.stringify(pack));
    const bad = verify(tampered);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('report.csv: content differs from its signed digest');
    mkdirSync(join(repoRoot, 'artifacts'), { recursive: true });
    writeFileSync(join(repoRoot, 'artifacts', 'axe-report-oversight.json'), JSON.stringify(report, null, 2));
    expect(found).toEqual([]);
  }, 180_000);
});
