import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { AuditEventV1, Topics } from '@countersign/contracts';
import { json, KafkaProbe, readInfrastructure, ServiceProcess } from '@countersign/testing';
import { Client } from 'pg';
import { simulateWorkflow } from '../testing/simulated-workflow';

// The feedback service and the router, both real processes: a workflow that opted in gets its recommendations
// proposed to the router (promotions lower oversight, so the router's two-person rule holds them for an admin of the
// workflow, #14); approved, one becomes a policy version by service:feedback. One that did not opt in is untouched.

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
  let secondAdmin: string;

  async function call(
    baseUrl: string,
    method: string,
    path: string,
    body?: unknown,
    bearer = token,
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
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
    secondAdmin = await mintDevelopmentToken(
      { sub: 'admin-2', roles: ['admin'], workflows: ['*'] },
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
      // A first policy lowers oversight (an unknown workflow is reviewed entirely): proposed, then approved.
      const put = await call(router.baseUrl, 'PUT', `/policies/${workflow}`, {
        policy: { threshold: 0.8, trustLevel: 2 },
        reason: 'starting point of the test',
      });
      expect(put.status).toBe(202);
      const approve = `/policies/${workflow}/proposals/${put.body.id}/approve`;
      expect((await call(router.baseUrl, 'POST', approve, undefined, secondAdmin)).status).toBe(200);
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

    // Nothing applied by itself: both promotions wait as proposals by service:feedback.
    expect((await call(router.baseUrl, 'GET', `/policies/${optedIn}`)).body.version).toBe(1);
    const proposals = (await call(router.baseUrl, 'GET', `/policies/${optedIn}/proposals`)).body.filter(
      (p: any) => p.status === 'pending',
    );
    expect(proposals.map((p: any) => p.proposedBy)).toEqual(['service:feedback', 'service:feedback']);
    // Filed for admin-1, who set the target: one admin must not lower oversight by loosening the target and then
    // approving the promotion it brings (ADR 0006, two-person rule).
    expect(proposals.map((p: any) => p.onBehalfOf)).toEqual(['admin-1', 'admin-1']);
    expect(proposals.flatMap((p: any) => p.lowers).join(' ')).toMatch(/threshold|trustLevel/);

    // The admin who set the target may not approve it; a second admin of the workflow approves one: it becomes a
    // version by service:feedback, with its reason.
    const trustProposal = proposals.find((p: any) => p.policy.trustLevel === 3);
    const own = await call(router.baseUrl, 'POST', `/policies/${optedIn}/proposals/${trustProposal.id}/approve`);
    expect(own).toMatchObject({
      status: 403,
      body: { reason: 'own_proposal', message: expect.stringMatching(/target/) },
    });
    const approved = await call(
      router.baseUrl,
      'POST',
      `/policies/${optedIn}/proposals/${trustProposal.id}/approve`,
      undefined,
      secondAdmin,
    );
    expect(approved.status).toBe(200);
    const applied = await call(router.baseUrl, 'GET', `/policies/${optedIn}`);
    expect(applied.body.version).toBe(2);
    expect(applied.body.policy.trustLevel).toBe(3);
    expect(applied.body.changedBy).toBe('service:feedback');
    expect(applied.body.reason).toMatch(/^feedback recommendation .* applied \(workflow opted in\)/);
    // The other was proposed against version 1: approving it now is refused as superseded.
    const other = proposals.find((p: any) => p !== trustProposal);
    const stale = await call(
      router.baseUrl,
      'POST',
      `/policies/${optedIn}/proposals/${other.id}/approve`,
      undefined,
      secondAdmin,
    );
    expect(stale.status).toBe(409);
    const untouched = await call(router.baseUrl, 'GET', `/policies/${advisory}`);
    expect(untouched.body).toMatchObject({ version: 1, policy: { threshold: 0.8, trustLevel: 2 } });

    const audits = await kafka.waitFor(
      (record) =>
        record.key === optedIn &&
        json<AuditEventV1>(record).type === 'policy.changed' &&
        json<AuditEventV1>(record).actor === 'service:feedback' &&
        json<AuditEventV1>(record).data['action'] === 'proposal.created',
      2,
    );
    expect(audits).toHaveLength(2);
    expect(audits.map((record) => json<AuditEventV1>(record).data['onBehalfOf'])).toEqual(['admin-1', 'admin-1']);

    // Settled: a second run neither re-issues nor re-applies.
    const again = await call(feedback.baseUrl, 'POST', '/recommendations/run');
    expect(again.body.filter((r: any) => r.workflow === optedIn || r.workflow === advisory)).toEqual([]);
    expect((await call(router.baseUrl, 'GET', `/policies/${optedIn}`)).body.version).toBe(2);
  }, 240_000);

  it('holds a target that accepts more released error for a second admin: one admin cannot loosen it alone', async () => {
    const workflow = `target-${runId}`;
    // Tighter than the default (0.01), with auto-apply: in force at once.
    expect(
      (await call(feedback.baseUrl, 'PUT', `/targets/${workflow}`, { maxErrorRate: 0.005, autoApply: true })).status,
    ).toBe(204);
    expect((await call(feedback.baseUrl, 'GET', `/targets/${workflow}`)).body).toEqual({
      maxErrorRate: 0.005,
      autoApply: true,
    });

    // Looser: a proposal; the target in force stays.
    const put = await call(feedback.baseUrl, 'PUT', `/targets/${workflow}`, { maxErrorRate: 0.25, autoApply: true });
    expect(put).toMatchObject({
      status: 202,
      body: {
        status: 'pending',
        proposedBy: 'admin-1',
        target: { maxErrorRate: 0.25 },
        baseTarget: { maxErrorRate: 0.005 },
      },
    });
    expect(put.body.lowers.join(' ')).toMatch(/0\.005 → 0\.25/);
    expect((await call(feedback.baseUrl, 'GET', `/targets/${workflow}`)).body.maxErrorRate).toBe(0.005);
    const approve = `/targets/${workflow}/proposals/${put.body.id}/approve`;
    expect(await call(feedback.baseUrl, 'POST', approve)).toMatchObject({
      status: 403,
      body: { reason: 'own_proposal' },
    });
    expect((await call(feedback.baseUrl, 'POST', approve, undefined, secondAdmin)).body).toMatchObject({
      status: 'approved',
      decidedBy: 'admin-2',
    });
    expect((await call(feedback.baseUrl, 'GET', `/targets/${workflow}`)).body.maxErrorRate).toBe(0.25);
    expect((await call(feedback.baseUrl, 'GET', `/targets/${workflow}/proposals`)).body).toHaveLength(1);
    // A bad body is a 400 naming the field, not a proposal.
    const bad = await call(feedback.baseUrl, 'PUT', `/targets/${workflow}`, { maxErrorRate: 2 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/maxErrorRate/);
    const nullAutoApply = await call(feedback.baseUrl, 'PUT', `/targets/${workflow}`, {
      maxErrorRate: 0.3,
      autoApply: null,
    });
    expect(nullAutoApply.status).toBe(400);
    expect(JSON.stringify(nullAutoApply.body)).toMatch(/autoApply/);

    // Every step is on countersign.audit.events for the workflow's trail.
    const steps = await kafka.waitFor(
      (record) => record.key === workflow && json<AuditEventV1>(record).source === 'feedback',
      3,
    );
    expect(
      steps.map((record) => [json<AuditEventV1>(record).data['action'], json<AuditEventV1>(record).actor]),
    ).toEqual([
      ['target.changed', 'admin-1'],
      ['target.proposed', 'admin-1'],
      ['target.approved', 'admin-2'],
    ]);
  }, 60_000);
});
