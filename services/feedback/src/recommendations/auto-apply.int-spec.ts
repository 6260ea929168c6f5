import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { AuditEventV1, Topics } from '@countersign/contracts';
import { json, KafkaProbe, readInfrastructure, ServiceProcess } from '@countersign/testing';
import { Client } from 'pg';
import { simulateWorkflow } from '../testing/simulated-workflow';

// The feedback service and the router, both real processes: a workflow that opted in gets its recommendations
// applied as new router policy versions (with the reason, by service:feedback, audited); one that did not keeps its
// policy untouched.

const runId = Date.now().toString(36);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('auto-applying recommendations (opt-in)', () => {
  const infrastructure = readInfrastructure();
  const common = {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    LOG_LEVEL: 'warn',
  };
  const router = new ServiceProcess('router', 24203, { ...common, INSTANCE_ID: 'router-auto-apply-0' });
  const feedback = new ServiceProcess('feedback', 24202, {
    ...common,
    INSTANCE_ID: 'feedback-auto-apply-0',
    FEEDBACK_RECOMMEND_INTERVAL_MS: String(3_600_000),
    FEEDBACK_ROUTER_URL: router.baseUrl,
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const db = new Client({ connectionString: infrastructure.databaseUrl });
  let token: string;

  async function call(
    baseUrl: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  beforeAll(async () => {
    await Promise.all([router.start(), feedback.start()]);
    await db.connect();
    await kafka.watch([Topics.auditEvents]);
    token = await mintDevelopmentToken(
      { sub: 'admin-1', roles: ['admin'], workflows: ['*'] },
      DEVELOPMENT_HS256_SECRET,
    );
  }, 120_000);

  afterAll(async () => {
    await kafka.close();
    await db.end();
    await Promise.all([feedback.stop(), router.stop()]);
  });

  it('applies the recommendations of an opted-in workflow through the router, and only of that one', async () => {
    const optedIn = `auto-${runId}`;
    const advisory = `advice-${runId}`;
    for (const workflow of [optedIn, advisory]) {
      const put = await call(router.baseUrl, 'PUT', `/policies/${workflow}`, {
        policy: { threshold: 0.8, trustLevel: 2 },
        reason: 'starting point of the test',
      });
      expect(put.status).toBe(200);
    }
    expect(
      (await call(feedback.baseUrl, 'PUT', `/targets/${optedIn}`, { maxErrorRate: 0.01, autoApply: true })).status,
    ).toBe(204);

    // A model that makes no errors above confidence 0.6, judged on random samples under threshold 0.8, level 2.
    const judgments = [optedIn, advisory].flatMap(
      (workflow, seed) =>
        simulateWorkflow({
          workflow,
          modelVersion: 'v2',
          decisions: 3_000,
          errorAt: (confidence) => (confidence < 0.6 ? 0.3 : 0),
          threshold: 0.8,
          randomSampleRate: 1,
          auditRate: 0,
          seed: 21 + seed,
        }).judgments,
    );
    for (let start = 0; start < judgments.length; start += 500) {
      await kafka.sendMany(
        Topics.reviewCompleted,
        judgments.slice(start, start + 500).map((j) => ({ key: j.decisionId, value: JSON.stringify(j) })),
      );
    }
    for (const deadline = Date.now() + 60_000; ;) {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM feedback.judgments WHERE workflow = ANY($1)', [
        [optedIn, advisory],
      ]);
      if (rows[0].n === judgments.length) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0].n} judgments stored`);
      await sleep(200);
    }

    const run = await call(feedback.baseUrl, 'POST', '/recommendations/run');
    expect(run.status).toBe(200);
    expect(
      run.body
        .filter((r: any) => r.workflow === optedIn)
        .map((r: any) => r.kind)
        .sort(),
    ).toEqual(['threshold', 'trust_level']);

    const applied = await call(router.baseUrl, 'GET', `/policies/${optedIn}`);
    expect(applied.body.version).toBe(3);
    expect(applied.body.policy.threshold).toBeLessThan(0.8);
    expect(applied.body.policy.trustLevel).toBe(3);
    expect(applied.body.changedBy).toBe('service:feedback');
    expect(applied.body.reason).toMatch(/^feedback recommendation .* applied \(workflow opted in\)/);
    const untouched = await call(router.baseUrl, 'GET', `/policies/${advisory}`);
    expect(untouched.body).toMatchObject({ version: 1, policy: { threshold: 0.8, trustLevel: 2 } });

    const audits = await kafka.waitFor(
      (record) => record.key === optedIn && json<AuditEventV1>(record).type === 'recommendation.applied',
      2,
    );
    expect(audits.map((record) => json<AuditEventV1>(record).data['policyVersion']).sort()).toEqual([2, 3]);

    // Settled: a second run neither re-issues nor re-applies.
    const again = await call(feedback.baseUrl, 'POST', '/recommendations/run');
    expect(again.body.filter((r: any) => r.workflow === optedIn || r.workflow === advisory)).toEqual([]);
    expect((await call(router.baseUrl, 'GET', `/policies/${optedIn}`)).body.version).toBe(3);
  }, 240_000);
});
