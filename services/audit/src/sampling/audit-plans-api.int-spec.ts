import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { readInfrastructure, ServiceProcess } from '@countersign/testing';
import { randomUUID } from 'node:crypto';

// The running audit service (built, as a real process): PUT /api/v1/audit-plans/:workflow under the two-person rule
// (ADR 0006). A plan that keeps or raises post-release oversight applies at once; one that lowers it is a proposal a
// second admin of the workflow approves — never its proposer, never an admin of another workflow.

const PORT = 24114;
const runId = randomUUID().slice(0, 6);

describe('audit plans over HTTP: the two-person rule', () => {
  const infrastructure = readInfrastructure();
  const audit = new ServiceProcess('audit', PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'audit-plans-api-0',
    LOG_LEVEL: 'warn',
    AUDIT_CHAINS: '8',
    AUDIT_CHECKPOINT_EVERY_MS: '0',
    AUDIT_REPORT_CRON: '',
  });
  const tokens: Record<string, string> = {};
  let workflowCount = 0;
  const aWorkflow = () => `plan-api-${runId}-${++workflowCount}`;
  const defaults = { ratesByTrustLevel: { 1: 0.2, 2: 0.1, 3: 0.05, 4: 0.02 }, minimumPerPeriod: 30, period: 'week' };
  const raised = { ...defaults, minimumPerPeriod: 60, confidenceCuts: [0.8, 0.9, 0.95] };
  const lowered = {
    ...defaults,
    ratesByTrustLevel: { 1: 0, 2: 0, 3: 0, 4: 0 },
    minimumPerPeriod: 0,
    confidenceCuts: [],
  };

  beforeAll(async () => {
    const mint = (sub: string, roles: Array<'reviewer' | 'lead' | 'admin'>, workflows: string[]) =>
      mintDevelopmentToken({ sub, roles, workflows }, DEVELOPMENT_HS256_SECRET);
    tokens.first = await mint('plan-admin-one', ['admin'], ['*']);
    tokens.second = await mint('plan-admin-two', ['admin'], ['*']);
    tokens.otherWorkflow = await mint('plan-admin-elsewhere', ['admin'], [`plan-api-${runId}-elsewhere`]);
    await audit.start();
  });

  afterAll(() => audit.stop());

  async function call(as: string, method: string, path: string, body?: unknown) {
    const response = await fetch(`${audit.baseUrl}/api/v1/audit-plans/${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[as]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('applies a plan that raises oversight at once: 200 with the plan in force', async () => {
    const workflow = aWorkflow();
    const put = await call('first', 'PUT', workflow, raised);
    expect(put).toEqual({ status: 200, body: { workflow, ...raised } });
    expect((await call('first', 'GET', workflow)).body).toEqual({ workflow, ...raised });
  });

  it('holds a plan that lowers oversight as a proposal (202) until a second admin approves it', async () => {
    const workflow = aWorkflow();
    const put = await call('first', 'PUT', workflow, lowered);
    expect(put.status).toBe(202);
    expect(put.body).toMatchObject({
      workflow,
      plan: { workflow, ...lowered },
      proposedBy: 'plan-admin-one',
      status: 'pending',
    });
    expect(put.body.id).toEqual(expect.any(String));
    expect(put.body.createdAt).toEqual(expect.any(String));
    expect(put.body.lowers).toEqual(expect.arrayContaining(['ratesByTrustLevel.4: 0.02 → 0']));
    // The plan in force is still the default.
    expect((await call('first', 'GET', workflow)).body).toMatchObject({ minimumPerPeriod: 30 });

    const own = await call('first', 'POST', `${workflow}/proposals/${put.body.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ statusCode: 403, error: 'Forbidden', reason: 'own_proposal' });
    const elsewhere = await call('otherWorkflow', 'POST', `${workflow}/proposals/${put.body.id}/approve`);
    expect(elsewhere.status).toBe(403);

    const approved = await call('second', 'POST', `${workflow}/proposals/${put.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: put.body.id, status: 'approved', decidedBy: 'plan-admin-two' });
    expect((await call('first', 'GET', workflow)).body).toEqual({ workflow, ...lowered });
  });

  it('rejects; lists pending first; refuses a superseded proposal with 409', async () => {
    const workflow = aWorkflow();
    const toReject = (await call('first', 'PUT', workflow, lowered)).body;
    const rejected = await call('second', 'POST', `${workflow}/proposals/${toReject.id}/reject`, {
      reason: 'the checks stay',
    });
    expect(rejected).toMatchObject({ status: 200, body: { status: 'rejected', note: 'the checks stay' } });
    const stale = (await call('first', 'PUT', workflow, lowered)).body;
    expect((await call('second', 'GET', `${workflow}/proposals`)).body.map((p: any) => [p.id, p.status])).toEqual([
      [stale.id, 'pending'],
      [toReject.id, 'rejected'],
    ]);
    expect((await call('first', 'PUT', workflow, raised)).status).toBe(200);
    const superseded = await call('second', 'POST', `${workflow}/proposals/${stale.id}/approve`);
    expect(superseded.status).toBe(409);
    expect(superseded.body).toMatchObject({ reason: 'superseded' });
    expect((await call('first', 'GET', workflow)).body).toEqual({ workflow, ...raised });
  });

  it('answers an unknown proposal 404 and a malformed one or body 400 with field errors', async () => {
    const workflow = aWorkflow();
    expect((await call('second', 'POST', `${workflow}/proposals/${randomUUID()}/approve`)).status).toBe(404);
    const badId = await call('second', 'POST', `${workflow}/proposals/not-a-uuid/approve`);
    expect(badId.status).toBe(400);
    expect(JSON.stringify(badId.body)).toContain('id');
    const badBody = await call('first', 'PUT', workflow, { ...raised, minimumPerPeriod: -1 });
    expect(badBody.status).toBe(400);
    expect(JSON.stringify(badBody.body)).toContain('minimumPerPeriod');
    const noReason = await call('second', 'POST', `${workflow}/proposals/${randomUUID()}/reject`, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
  });
});
