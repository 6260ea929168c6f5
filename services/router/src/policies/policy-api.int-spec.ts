import { mintDevelopmentToken, Role, DEVELOPMENT_HS256_SECRET } from '@countersign/auth';
import { AuditEventV1, PolicyChangedV1, RoutedDecisionV1, Topics } from '@countersign/contracts';
import { json, KafkaProbe, readInfrastructure, ServiceProcess } from '@countersign/testing';

// The policy API of two running router replicas, against the real broker and Postgres: who may do what, what a bad
// policy gets back, and that a change made on one replica reaches the decisions routed by both.

const runId = Date.now().toString(36);
const workflow = `api-test-${runId}`;

function tokenFor(role: Role): Promise<string> {
  return mintDevelopmentToken({ sub: `${role}-1`, roles: [role], workflows: ['*'] }, DEVELOPMENT_HS256_SECRET);
}

function decision(id: string, confidence: number) {
  return {
    schemaVersion: 1,
    id,
    workflow,
    model: { name: 'm', version: '1' },
    confidence,
    output: { ok: true },
    attributes: { amount: 10 },
    flags: [],
    occurredAt: new Date().toISOString(),
  };
}

describe('router policy API', () => {
  const infrastructure = readInfrastructure();
  const replica = (id: string, port: number) =>
    new ServiceProcess('router', port, {
      KAFKA_BROKERS: infrastructure.kafkaBrokers,
      DATABASE_URL: infrastructure.databaseUrl,
      INSTANCE_ID: id,
      LOG_LEVEL: 'warn',
    });
  const replicas = [replica('router-api-a', 24011), replica('router-api-b', 24012)];
  const [a, b] = replicas;
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  let admin: string;

  async function call(replicaUrl: string, method: string, path: string, token?: string, body?: unknown) {
    const response = await fetch(`${replicaUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as any };
  }

  /** Waits until every replica routes `workflow` with `version`: how a change "reaches a running router". */
  async function appliedEverywhere(version: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (const replica of replicas) {
      for (;;) {
        const current = await call(replica.baseUrl, 'GET', `/api/v1/policies/${workflow}`, admin);
        if (current.body?.activeVersion === version) break;
        if (Date.now() > deadline) throw new Error(`${replica.baseUrl} did not apply version ${version} within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  beforeAll(async () => {
    await a.start();
    await b.start();
    admin = await tokenFor('admin');
    await kafka.watch([Topics.decisionsRouted, Topics.policyChanged, Topics.auditEvents]);
  });

  afterAll(async () => {
    await kafka.close();
    await Promise.all(replicas.map((replica) => replica.stop()));
  });

  it('refuses callers without a valid token (401) and without the role (403)', async () => {
    expect((await call(a.baseUrl, 'GET', '/api/v1/policies')).status).toBe(401);
    expect((await call(a.baseUrl, 'GET', '/api/v1/policies', 'not.a.token')).status).toBe(401);
    expect((await call(a.baseUrl, 'GET', '/api/v1/policies', await tokenFor('reviewer'))).status).toBe(403);
    const lead = await tokenFor('lead');
    const put = await call(a.baseUrl, 'PUT', `/api/v1/policies/${workflow}`, lead, {
      policy: { threshold: 0.5, trustLevel: 4 },
      reason: 'leads may not change policies',
    });
    expect(put.status).toBe(403);
  });

  it("keeps an admin of one workflow out of another's policy: no read, no change, no dry run (#14)", async () => {
    const scoped = await mintDevelopmentToken(
      { sub: 'admin-lq', roles: ['admin'], workflows: ['lead-qualification'] },
      DEVELOPMENT_HS256_SECRET,
    );
    const off = { policy: { threshold: 0, trustLevel: 4 }, reason: 'switch review off' };
    const attempts = [
      await call(a.baseUrl, 'GET', '/api/v1/policies/contract-review', scoped),
      await call(a.baseUrl, 'GET', '/api/v1/policies/contract-review/history', scoped),
      await call(a.baseUrl, 'PUT', '/api/v1/policies/contract-review', scoped, off),
      await call(a.baseUrl, 'POST', '/api/v1/policies/contract-review/dry-run', scoped, { policy: off.policy }),
      await call(a.baseUrl, 'POST', '/api/v1/policies/contract-review/stop', scoped, { reason: 'not mine' }),
    ];
    expect(attempts.map((attempt) => [attempt.status, attempt.body.reason])).toEqual(
      Array(5).fill([403, 'workflow_not_granted']),
    );
    expect((await call(a.baseUrl, 'GET', '/api/v1/policies/lead-qualification', scoped)).status).toBe(200);
    const listed = await call(a.baseUrl, 'GET', '/api/v1/policies', scoped);
    expect(listed.body.map((row: { workflow: string }) => row.workflow)).toEqual(['lead-qualification']);
    const none = await mintDevelopmentToken({ sub: 'admin-none', roles: ['admin'] }, DEVELOPMENT_HS256_SECRET);
    expect((await call(a.baseUrl, 'GET', '/api/v1/policies', none)).body).toEqual([]);
    expect((await call(a.baseUrl, 'GET', '/api/v1/policies/lead-qualification', none)).status).toBe(403);
  });

  it('lists the seeded policies of the three example workflows', async () => {
    const listed = await call(a.baseUrl, 'GET', '/api/v1/policies', await tokenFor('lead'));
    expect(listed.status).toBe(200);
    const workflows = listed.body.map((row: { workflow: string }) => row.workflow);
    expect(workflows).toEqual(expect.arrayContaining(['contract-review', 'lead-qualification', 'supplier-onboarding']));
  });

  it('answers an invalid policy with 400 and the errors of each field', async () => {
    const invalid = await call(a.baseUrl, 'PUT', `/api/v1/policies/${workflow}`, admin, {
      policy: { threshold: 2, trustLevel: 7, sneaky: true },
    });
    expect(invalid.status).toBe(400);
    const fields = invalid.body.fieldErrors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['policy.threshold', 'policy.trustLevel', 'policy.sneaky', 'reason']),
    );

    const uncompilable = await call(a.baseUrl, 'PUT', `/api/v1/policies/${workflow}`, admin, {
      policy: { threshold: 0.5, trustLevel: 2, alwaysReview: [{ name: 'typo', when: { gretter: [1, 2] } }] },
      reason: 'a rule with an unknown operation',
    });
    expect(uncompilable.status).toBe(400);
    expect(uncompilable.body.fieldErrors[0].field).toMatch(/^policy\.alwaysReview\[0\]\.when/);
  });

  it('stores versions, announces them, and both replicas route the next decisions with the new version', async () => {
    // A first policy lowers oversight (unknown workflows are reviewed entirely): a second admin approves it.
    const v1 = await call(a.baseUrl, 'PUT', `/api/v1/policies/${workflow}`, admin, {
      policy: { threshold: 0.5, trustLevel: 4 },
      reason: 'release everything, audit later',
    });
    expect(v1.status).toBe(202);
    const approved = await call(
      b.baseUrl,
      'POST',
      `/api/v1/policies/${workflow}/proposals/${v1.body.id}/approve`,
      await mintDevelopmentToken({ sub: 'admin-2', roles: ['admin'], workflows: [workflow] }, DEVELOPMENT_HS256_SECRET),
    );
    expect(approved.status).toBe(200);
    expect(approved.body.appliedVersion).toBe(1);
    await appliedEverywhere(1);

    const before = Array.from({ length: 12 }, (_, index) => decision(`${runId}-v1-${index}`, 0.9));
    await kafka.sendMany(
      Topics.decisions,
      before.map((d) => ({ key: d.id, value: JSON.stringify(d) })),
    );
    const routedV1 = await kafka.waitFor(
      (r) => r.topic === Topics.decisionsRouted && !!r.key?.startsWith(`${runId}-v1-`),
      12,
    );
    expect(routedV1.map((r) => json<RoutedDecisionV1>(r).routing)).toEqual(
      Array(12).fill(expect.objectContaining({ route: 'autonomous', policyVersion: 1 })),
    );

    // Changed through replica B; replica A learns it from countersign.policy.changed.
    const v2 = await call(b.baseUrl, 'PUT', `/api/v1/policies/${workflow}?ifVersion=1`, admin, {
      policy: {
        threshold: 0.5,
        trustLevel: 4,
        alwaysReview: [{ name: 'not-certain', when: { '<': [{ var: 'confidence' }, 0.99] } }],
      },
      reason: 'review anything short of certain',
    });
    expect(v2.status).toBe(200);
    expect(v2.body.version).toBe(2);
    const stale = await call(a.baseUrl, 'PUT', `/api/v1/policies/${workflow}?ifVersion=1`, admin, {
      policy: { threshold: 0.5, trustLevel: 4 },
      reason: 'based on a version that is gone',
    });
    expect(stale.status).toBe(409);

    await appliedEverywhere(2);
    const after = Array.from({ length: 12 }, (_, index) => decision(`${runId}-v2-${index}`, 0.9));
    await kafka.sendMany(
      Topics.decisions,
      after.map((d) => ({ key: d.id, value: JSON.stringify(d) })),
    );
    const routedV2 = await kafka.waitFor(
      (r) => r.topic === Topics.decisionsRouted && !!r.key?.startsWith(`${runId}-v2-`),
      12,
    );
    expect(routedV2.map((r) => json<RoutedDecisionV1>(r).routing)).toEqual(
      Array(12).fill(expect.objectContaining({ route: 'review', policyVersion: 2, reasons: ['rule:not-certain'] })),
    );

    const changes = kafka
      .records((r) => r.topic === Topics.policyChanged && r.key === workflow)
      .map((r) => json<PolicyChangedV1>(r));
    expect(changes.map((change) => [change.version, change.changedBy])).toEqual([
      [1, 'admin-1'],
      [2, 'admin-1'],
    ]);
    // Waited for, not read at once: the probe reads the audit topic from its beginning, where earlier tests of the
    // run (and the audit service) may have left thousands of records.
    // One audit event per stored version (besides the proposal's own steps, which the governance spec covers).
    const versionEvent = (r: { topic: string; key: string | null }) =>
      r.topic === Topics.auditEvents &&
      r.key === workflow &&
      ['proposal.applied', 'version.stored'].includes(String(json<AuditEventV1>(r as never).data['action']));
    const audited = await kafka.waitFor(versionEvent, 2, 60_000);
    expect(audited).toHaveLength(2);

    const history = await call(a.baseUrl, 'GET', `/api/v1/policies/${workflow}/history`, admin);
    expect(history.body.map((row: { version: number; reason: string }) => [row.version, row.reason])).toEqual([
      [2, 'review anything short of certain'],
      [1, 'release everything, audit later'],
    ]);
  });

  it('dry-runs a proposed policy over recent decisions and reports how routing would change', async () => {
    const preview = await call(a.baseUrl, 'POST', `/api/v1/policies/${workflow}/dry-run`, admin, {
      policy: { threshold: 0.5, trustLevel: 4 },
      sampleSize: 100,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.sampled).toBe(24);
    expect(preview.body.current.review).toBe(24);
    expect(preview.body.proposed.autonomous).toBe(24);
    expect(preview.body.toAutonomous).toBe(24);
  });
});
