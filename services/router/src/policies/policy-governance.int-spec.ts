import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken, Role } from '@countersign/auth';
import { AuditEventV1, RoutedDecisionV1, Topics } from '@countersign/contracts';
import { json, KafkaProbe, OpenApiContract, readInfrastructure, ServiceProcess } from '@countersign/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Who controls a workflow's oversight (#14), through the API of two running router replicas against the real broker
// and Postgres: changes that lower oversight wait for a second admin of the workflow, the stop switch reaches every
// replica, and every step is on the audit trail. Prints the stop switch's measured latency.

const runId = Date.now().toString(36);
const workflow = `gov-${runId}`;
const otherWorkflow = `gov-other-${runId}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const token = (sub: string, role: Role, workflows: string[]) =>
  mintDevelopmentToken({ sub, roles: [role], workflows }, DEVELOPMENT_HS256_SECRET);

function decision(id: string, confidence = 0.95) {
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

describe('two-person rule and stop switch (two router replicas)', () => {
  const infrastructure = readInfrastructure();
  const replica = (id: string, port: number) =>
    new ServiceProcess('router', port, {
      KAFKA_BROKERS: infrastructure.kafkaBrokers,
      DATABASE_URL: infrastructure.databaseUrl,
      INSTANCE_ID: id,
      LOG_LEVEL: 'warn',
    });
  const replicas = [replica('router-gov-a', 24021), replica('router-gov-b', 24022)];
  const [a, b] = replicas;
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const t: Record<string, string> = {};

  async function call(base: string, method: string, path: string, bearer: string, body?: unknown) {
    const response = await fetch(`${base}/api/v1/policies/${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as any };
  }

  async function appliedEverywhere(version: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (const { baseUrl } of replicas) {
      while ((await call(baseUrl, 'GET', workflow, t.all)).body?.activeVersion !== version) {
        if (Date.now() > deadline) throw new Error(`${baseUrl} did not apply version ${version}`);
        await sleep(20);
      }
    }
  }

  const audited = (action: string) =>
    kafka.waitFor(
      (r) => r.topic === Topics.auditEvents && r.key === workflow && json<AuditEventV1>(r).data['action'] === action,
      1,
      60_000,
    );

  beforeAll(async () => {
    await a.start();
    await b.start();
    Object.assign(t, {
      admin1: await token('admin-a-1', 'admin', [workflow]),
      admin2: await token('admin-a-2', 'admin', [workflow]),
      adminOther: await token('admin-b', 'admin', [otherWorkflow]),
      lead: await token('lead-a', 'lead', [workflow]),
      all: await token('admin-all', 'admin', ['*']),
      // Feedback's token, as it mints it: an admin of every workflow, told apart by its subject.
      feedback: await token('service:feedback', 'admin', ['*']),
    });
    await kafka.watch([Topics.decisionsRouted, Topics.auditEvents]);
  }, 120_000);

  afterAll(async () => {
    await kafka.close();
    await Promise.all(replicas.map((r) => r.stop()));
  });

  it('holds a change that lowers oversight for a second admin of the workflow; applies raises at once', async () => {
    const proposed = await call(a.baseUrl, 'PUT', workflow, t.admin1, {
      policy: { threshold: 0.5, trustLevel: 2 },
      reason: 'first policy of a new workflow',
    });
    expect(proposed.status).toBe(202);
    expect(proposed.body).toMatchObject({
      status: 'pending',
      proposedBy: 'admin-a-1',
      onBehalfOf: null,
      baseVersion: 0,
    });
    expect(proposed.body.lowers).toEqual(['first policy: replaces review of every decision']);
    expect((await call(a.baseUrl, 'GET', workflow, t.admin1)).status).toBe(404);

    const approve = `${workflow}/proposals/${proposed.body.id}/approve`;
    const own = await call(a.baseUrl, 'POST', approve, t.admin1);
    expect(own).toMatchObject({ status: 403, body: { reason: 'own_proposal' } });
    expect((await call(a.baseUrl, 'POST', approve, t.adminOther)).body).toMatchObject({
      reason: 'workflow_not_granted',
    });
    expect((await call(a.baseUrl, 'POST', approve, t.lead)).status).toBe(403);
    // An admin of another workflow neither sees nor changes this one.
    expect((await call(a.baseUrl, 'GET', `${workflow}/proposals`, t.adminOther)).status).toBe(403);

    const approved = await call(b.baseUrl, 'POST', approve, t.admin2);
    expect(approved).toMatchObject({
      status: 200,
      body: { status: 'approved', decidedBy: 'admin-a-2', appliedVersion: 1 },
    });
    expect((await call(a.baseUrl, 'POST', approve, t.admin2)).status).toBe(409);
    await appliedEverywhere(1);
    const v1 = (await call(a.baseUrl, 'GET', workflow, t.admin1)).body;
    expect(v1).toMatchObject({ version: 1, changedBy: 'admin-a-1', autonomyStopped: false });

    // More oversight applies at once.
    const raised = await call(a.baseUrl, 'PUT', workflow, t.admin1, {
      policy: { threshold: 0.6, trustLevel: 2, reviewFlags: ['anomaly:*'] },
      reason: 'a higher threshold and a flag',
    });
    expect(raised).toMatchObject({ status: 200, body: { version: 2 } });

    // Less oversight waits; its proposer may withdraw it.
    const lower = { policy: { threshold: 0.6, trustLevel: 3 }, reason: 'spot-checks only, and no flag' };
    const second = await call(a.baseUrl, 'PUT', workflow, t.admin1, lower);
    expect(second.status).toBe(202);
    expect(second.body.lowers).toEqual(['trustLevel 2 → 3', 'reviewFlags: anomaly:* removed']);
    const withdrawn = await call(a.baseUrl, 'POST', `${workflow}/proposals/${second.body.id}/reject`, t.admin1, {
      reason: 'withdrawn',
    });
    expect(withdrawn).toMatchObject({ status: 200, body: { status: 'rejected' } });

    // A proposal overtaken by another change cannot be approved: the second admin would approve something unseen.
    const third = await call(a.baseUrl, 'PUT', workflow, t.admin1, lower);
    await call(a.baseUrl, 'PUT', workflow, t.admin2, {
      policy: { threshold: 0.7, trustLevel: 2, reviewFlags: ['anomaly:*'] },
      reason: 'raise meanwhile',
    });
    const stale = await call(a.baseUrl, 'POST', `${workflow}/proposals/${third.body.id}/approve`, t.admin2);
    expect(stale.status).toBe(409);
    expect((await call(a.baseUrl, 'GET', workflow, t.admin1)).body.version).toBe(3);

    for (const action of ['proposal.created', 'proposal.approved', 'proposal.applied', 'proposal.rejected']) {
      expect(await audited(action)).not.toHaveLength(0);
    }
    expect(await audited('proposal.superseded')).not.toHaveLength(0);
  }, 120_000);

  it('stops autonomy on every replica at once, measured, and resumes only with a second admin', async () => {
    // Make the workflow autonomous first (lowers oversight: two admins).
    const release = await call(a.baseUrl, 'PUT', workflow, t.admin1, {
      policy: { threshold: 0, trustLevel: 4 },
      reason: 'autonomous',
    });
    await call(b.baseUrl, 'POST', `${workflow}/proposals/${release.body.id}/approve`, t.admin2);
    await appliedEverywhere(4);

    // A steady stream of decisions (one every ~10 ms, keys spread over the partitions both replicas consume).
    let sending = true;
    const sentAt = new Map<string, number>();
    const sender = (async () => {
      for (let i = 0; sending; i++) {
        const d = decision(`${runId}-stop-${i}`);
        sentAt.set(d.id, Date.now());
        await kafka.send(Topics.decisions, d.id, JSON.stringify(d));
        await sleep(10);
      }
    })();
    await sleep(1_500);
    const calledAt = Date.now();
    const stopped = await call(a.baseUrl, 'POST', `${workflow}/stop`, t.admin1, { reason: 'drift suspected' });
    const answeredAt = Date.now();
    expect(stopped).toMatchObject({ status: 200, body: { version: 5, autonomyStopped: true } });
    await appliedEverywhere(5);
    const everywhereAt = Date.now();
    await sleep(2_000);
    sending = false;
    await sender;

    const ours = (r: { topic: string; key: string | null }) =>
      r.topic === Topics.decisionsRouted && !!r.key?.startsWith(`${runId}-stop-`);
    const routed = (await kafka.waitFor(ours, sentAt.size, 60_000)).map((r) => json<RoutedDecisionV1>(r));
    const stoppedOnes = routed.filter((r) => r.routing.reasons.includes('autonomy_stopped'));
    expect(stoppedOnes.length).toBeGreaterThan(0);
    expect(stoppedOnes.every((r) => r.routing.route === 'review' && r.routing.policyVersion === 5)).toBe(true);
    // Every decision sent once every replica applied the stop was routed under it, whichever replica routed it.
    const afterwards = routed.filter((r) => (sentAt.get(r.decisionId) ?? 0) > everywhereAt);
    expect(afterwards.length).toBeGreaterThan(10);
    expect(afterwards.filter((r) => !r.routing.reasons.includes('autonomy_stopped'))).toEqual([]);

    const firstStopped = Math.min(...stoppedOnes.map((r) => Date.parse(r.routedAt)));
    const lastAutonomous = Math.max(
      calledAt,
      ...routed.filter((r) => r.routing.route === 'autonomous').map((r) => Date.parse(r.routedAt)),
    );
    const measured = {
      replicas: 2,
      decisionsPerSecond: Math.round(sentAt.size / ((Date.now() - calledAt + 1_500) / 1000)),
      callAnsweredMs: answeredAt - calledAt,
      firstDecisionRoutedUnderStopMs: firstStopped - calledAt,
      lastAutonomousRoutingAfterCallMs: lastAutonomous - calledAt,
      bothReplicasReportActiveMs: everywhereAt - calledAt,
    };
    console.log(`stop switch latency: ${JSON.stringify(measured)}`);
    mkdirSync(join(process.cwd(), 'artifacts'), { recursive: true });
    writeFileSync(join(process.cwd(), 'artifacts', 'stop-switch-latency.json'), JSON.stringify(measured, null, 2));
    expect(measured.lastAutonomousRoutingAfterCallMs).toBeLessThan(5_000);
    expect(await audited('autonomy.stopped')).not.toHaveLength(0);

    // Stopping twice changes nothing; a change of policy while stopped keeps the stop.
    expect((await call(b.baseUrl, 'POST', `${workflow}/stop`, t.admin2, { reason: 'again' })).body.version).toBe(5);
    const raised = await call(a.baseUrl, 'PUT', workflow, t.admin1, {
      policy: { threshold: 0.2, trustLevel: 4 },
      reason: 'raise while stopped',
    });
    expect(raised).toMatchObject({ status: 200, body: { version: 6, autonomyStopped: true } });

    // Resuming lowers oversight: proposed, and applied once a second admin approves.
    const resume = await call(a.baseUrl, 'POST', `${workflow}/resume`, t.admin1, { reason: 'drift ruled out' });
    expect(resume).toMatchObject({ status: 202, body: { kind: 'resume', status: 'pending' } });
    const resumed = await call(a.baseUrl, 'POST', `${workflow}/proposals/${resume.body.id}/approve`, t.admin2);
    expect(resumed).toMatchObject({ status: 200, body: { appliedVersion: 7 } });
    await appliedEverywhere(7);
    const later = decision(`${runId}-resumed`);
    await kafka.send(Topics.decisions, later.id, JSON.stringify(later));
    const [afterResume] = await kafka.waitFor((r) => r.topic === Topics.decisionsRouted && r.key === later.id, 1);
    expect(json<RoutedDecisionV1>(afterResume).routing).toMatchObject({ route: 'autonomous', policyVersion: 7 });
  }, 180_000);

  it('switches the two-person rule off only by an approved, audited setting', async () => {
    const off = await call(a.baseUrl, 'PUT', `${workflow}/two-person-rule`, t.admin1, {
      enabled: false,
      reason: 'sandbox workflow',
    });
    expect(off).toMatchObject({ status: 202, body: { kind: 'two-person-rule-off' } });
    // Still on until approved.
    const lowering = { policy: { threshold: 0.1, trustLevel: 4 }, reason: 'lower threshold' };
    expect((await call(a.baseUrl, 'PUT', workflow, t.admin1, lowering)).status).toBe(202);
    const approved = await call(a.baseUrl, 'POST', `${workflow}/proposals/${off.body.id}/approve`, t.admin2);
    expect(approved.status).toBe(200);
    const alone = await call(a.baseUrl, 'PUT', workflow, t.admin1, lowering);
    expect(alone).toMatchObject({ status: 200, body: { version: 8 } });
    expect(await audited('two-person-rule.disabled')).not.toHaveLength(0);
    expect(await audited('version.stored.two-person-rule-off')).not.toHaveLength(0);

    const on = await call(a.baseUrl, 'PUT', `${workflow}/two-person-rule`, t.admin1, { enabled: true, reason: 'live' });
    expect(on).toMatchObject({ status: 200, body: { twoPersonRule: true } });
    expect(
      (await call(a.baseUrl, 'PUT', workflow, t.admin1, { ...lowering, policy: { threshold: 0, trustLevel: 4 } }))
        .status,
    ).toBe(202);
    expect(await audited('two-person-rule.enabled')).not.toHaveLength(0);
  }, 120_000);

  it("refuses approval by the admin whose target a service's proposal follows; another admin approves", async () => {
    const loosened = {
      policy: { threshold: 0, trustLevel: 4 },
      reason: 'feedback recommendation (target of admin-a-1)',
    };
    const before = (await call(a.baseUrl, 'GET', workflow, t.admin1)).body.version;

    // A person may not name someone else: the refused approver would then be the colleague, not themselves.
    const named = await call(a.baseUrl, 'PUT', workflow, t.admin1, { ...loosened, onBehalfOf: 'admin-a-2' });
    expect(named.status).toBe(400);
    expect(named.body.fieldErrors).toEqual([{ field: 'onBehalfOf', errors: [expect.stringMatching(/service/)] }]);
    expect((await call(a.baseUrl, 'GET', workflow, t.admin1)).body.version).toBe(before);

    const filed = await call(a.baseUrl, 'PUT', workflow, t.feedback, { ...loosened, onBehalfOf: 'admin-a-1' });
    expect(filed).toMatchObject({
      status: 202,
      body: { status: 'pending', proposedBy: 'service:feedback', onBehalfOf: 'admin-a-1' },
    });
    const listed = (await call(a.baseUrl, 'GET', `${workflow}/proposals`, t.admin2)).body;
    expect(listed.find((p: { id: string }) => p.id === filed.body.id)).toMatchObject({ onBehalfOf: 'admin-a-1' });

    const approve = `${workflow}/proposals/${filed.body.id}/approve`;
    const own = await call(a.baseUrl, 'POST', approve, t.admin1);
    expect(own).toMatchObject({
      status: 403,
      body: {
        reason: 'own_proposal',
        message: `admin-a-1 set the target this change of service:feedback follows; a second admin of ${workflow} must approve it`,
      },
    });
    const approved = await call(b.baseUrl, 'POST', approve, t.admin2);
    expect(approved).toMatchObject({
      status: 200,
      body: { status: 'approved', decidedBy: 'admin-a-2', onBehalfOf: 'admin-a-1', appliedVersion: before + 1 },
    });

    const carried = (action: string) =>
      kafka.waitFor(
        (r) =>
          r.topic === Topics.auditEvents &&
          r.key === workflow &&
          json<AuditEventV1>(r).data['action'] === action &&
          json<AuditEventV1>(r).data['proposalId'] === filed.body.id,
        1,
        60_000,
      );
    for (const action of ['proposal.created', 'proposal.approved', 'proposal.applied']) {
      const [event] = await carried(action);
      expect(json<AuditEventV1>(event).data['onBehalfOf']).toBe('admin-a-1');
    }
    const [created] = await carried('proposal.created');
    expect(json<AuditEventV1>(created).actor).toBe('service:feedback');

    // Every proposal of the workflow (policy, resume, rule off; with and without onBehalfOf) is as documented.
    const all = await fetch(`${a.baseUrl}/api/v1/policies/${workflow}/proposals`, {
      headers: { authorization: `Bearer ${t.admin1}` },
    });
    const path = `/api/v1/policies/${workflow}/proposals`;
    const answer = (await all.json()) as Array<{ kind: string }>;
    expect(new Set(answer.map((p) => p.kind))).toEqual(new Set(['policy', 'resume', 'two-person-rule-off']));
    expect(
      new OpenApiContract('router').responseErrors('GET', path, all.status, answer, all.headers.get('content-type')),
    ).toEqual([]);
  }, 120_000);
});
