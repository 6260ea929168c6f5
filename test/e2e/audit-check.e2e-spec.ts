import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { AuditEventV1, Topics } from '@countersign/contracts';
import { randomUUID } from 'node:crypto';
import {
  eventually,
  json,
  KafkaProbe,
  readInfrastructure,
  RunningPlatform,
  storeAuditPlanAsTwoAdmins,
  storePolicyAsTwoAdmins,
} from '@countersign/testing';

// The fourth rung end to end: a workflow at trust level 4 releases a confident decision autonomously; the audit
// service samples it and asks for an audit check; the review service opens an audit task; a reviewer finds the
// released decision wrong and corrects it; the audit service joins the verdict, counts the error in its report, and
// the decision's whole history — router, review and audit events — is on countersign.audit.events.

describe('audit check: an autonomously released decision is sampled, judged by a reviewer and reported', () => {
  const platform = new RunningPlatform({ AUDIT_REPORT_CRON: '', AUDIT_CHECKPOINT_EVERY_MS: '0' });
  const kafka = new KafkaProbe(readInfrastructure().kafkaBrokers);
  const workflow = `e2e-audit-${randomUUID().slice(0, 8)}`;
  let admin = '';
  let reviewer = '';

  beforeAll(async () => {
    await platform.start();
    await kafka.watch([Topics.auditEvents, Topics.reviewRequested, Topics.reviewCompleted]);
    admin = await mintDevelopmentToken(
      { sub: 'e2e-admin', roles: ['admin'], workflows: [workflow] },
      DEVELOPMENT_HS256_SECRET,
    );
    reviewer = await mintDevelopmentToken(
      { sub: 'e2e-auditor', roles: ['reviewer'], workflows: [workflow] },
      DEVELOPMENT_HS256_SECRET,
    );
  });

  afterAll(async () => {
    await kafka.close();
    await platform.stop();
  });

  async function call(service: 'router' | 'review' | 'audit', path: string, token: string, body?: unknown) {
    const response = await fetch(platform.url(service, `/api/v1${path}`), {
      method:
        body === undefined ? 'GET' : path.startsWith('/policies') || path.startsWith('/audit-plans') ? 'PUT' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('runs the audit loop through the router, the review service and the audit service', async () => {
    expect(
      await storePolicyAsTwoAdmins(platform.url('router', ''), workflow, { threshold: 0.9, trustLevel: 4 }, 'e2e'),
    ).toBe(1);
    const plan = {
      ratesByTrustLevel: { 1: 1, 2: 1, 3: 1, 4: 1 },
      minimumPerPeriod: 0,
      period: 'week',
      confidenceCuts: [],
    };
    // Minimum 0 lowers the default's: a proposal a second admin approves.
    expect(await storeAuditPlanAsTwoAdmins(platform.url('audit', ''), workflow, plan)).toBe(202);

    const id = `e2e-audit-${randomUUID()}`;
    const decision = {
      schemaVersion: 1,
      id,
      workflow,
      model: { name: 'm', version: '1' },
      confidence: 0.97,
      output: { amount: 100 },
      input: { text: 'pay 1000' },
      occurredAt: new Date().toISOString(),
    };
    await kafka.send(Topics.decisions, id, JSON.stringify(decision));

    const [request] = await kafka.waitFor((r) => r.topic === Topics.reviewRequested && r.key === id, 1);
    expect(json(request)).toMatchObject({ kind: 'audit', decision: { id, output: { amount: 100 } } });

    const task = await eventually(async () => {
      const page = await call('review', `/tasks?decisionId=${encodeURIComponent(id)}`, reviewer);
      return page.body.items?.[0];
    });
    expect(task).toMatchObject({ kind: 'audit', state: 'open' });
    expect((await call('review', `/tasks/${task.id}/claim`, reviewer, {})).status).toBe(200);
    const completed = await call('review', `/tasks/${task.id}/complete`, reviewer, {
      verdict: 'correct',
      correction: { amount: 1000 },
    });
    expect(completed.status).toBe(200);

    const report = await eventually(async () => {
      const { body } = await call('audit', `/reports/${workflow}`, admin);
      return body.audit?.judged === 1 ? body : undefined;
    });
    expect(report).toMatchObject({ autonomous: 1, audit: { sampled: 1, judged: 1, errorsFound: 1 } });

    const history = await eventually(async () => {
      const events = kafka
        .records((r) => r.topic === Topics.auditEvents && r.key === id)
        .map((r) => json<AuditEventV1>(r));
      return events.some((event) => event.type === 'audit.judged') ? events : undefined;
    });
    const types = new Set(history.map((event) => event.type));
    for (const type of [
      'decision.received',
      'decision.routed',
      'decision.finalized',
      'audit.sampled',
      'task.created',
      'task.claimed',
      'task.completed',
      'audit.judged',
    ] as const) {
      expect(types).toContain(type);
    }
    const judged = history.find((event) => event.type === 'audit.judged');
    expect(judged?.data).toMatchObject({ verdict: 'correct', error: true, reviewers: ['e2e-auditor'] });
  });
});
