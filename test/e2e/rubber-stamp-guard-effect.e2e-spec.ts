import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { randomUUID } from 'node:crypto';
import { eventually, KafkaProbe, readInfrastructure, RunningPlatform } from '@countersign/testing';

// The rubber-stamp guard's record travels with a verdict: the review API takes `guard`, the judgment event carries it,
// feedback stores it and its guard-effect endpoint splits approve rate and gold agreement by it (#20).

describe('rubber-stamp guard: a prompted verdict reaches feedback and its effect endpoint', () => {
  const platform = new RunningPlatform();
  const kafka = new KafkaProbe(readInfrastructure().kafkaBrokers);
  const workflow = `e2e-guard-${randomUUID().slice(0, 8)}`;
  const token = (sub: string, roles: Array<'reviewer' | 'lead'>, workflows = [workflow]) =>
    mintDevelopmentToken({ sub, roles, workflows }, DEVELOPMENT_HS256_SECRET);

  async function call(service: 'review' | 'feedback', method: string, path: string, bearer: string, body?: unknown) {
    const response = await fetch(platform.url(service, path), {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    await platform.start();
    await kafka.watch([Topics.reviewCompleted]);
  });

  afterAll(async () => {
    await kafka.close();
    await platform.stop();
  });

  it('records the prompt with the verdict and measures approve rate and gold agreement with and without it', async () => {
    const ids = [`e2e-guard-${randomUUID()}`, `e2e-guard-${randomUUID()}`];
    for (const id of ids) {
      const decision = {
        schemaVersion: 1,
        id,
        workflow,
        model: { name: 'guard-model', version: 'v1' },
        confidence: 0.5,
        output: { answer: 'yes' },
        flags: [],
        occurredAt: new Date().toISOString(),
      };
      await kafka.send(Topics.decisions, id, JSON.stringify(decision));
    }
    const reviewer = await token('guard-reviewer', ['reviewer']);
    const claim = () =>
      eventually(async () => {
        const next = await call('review', 'POST', `/api/v1/tasks/next?workflow=${workflow}`, reviewer);
        return next.status === 200 ? (next.body as { id: string; decisionId: string }) : undefined;
      });

    const first = await claim();
    // Bad guard records are refused with field errors, and the task stays with the reviewer.
    const notBoolean = await call('review', 'POST', `/api/v1/tasks/${first.id}/complete`, reviewer, {
      verdict: 'approve',
      guard: { prompted: 'yes' },
    });
    expect(notBoolean.status).toBe(400);
    expect(JSON.stringify(notBoolean.body)).toContain('prompted');
    const reconsideredUnprompted = await call('review', 'POST', `/api/v1/tasks/${first.id}/complete`, reviewer, {
      verdict: 'approve',
      guard: { prompted: false, reconsidered: true },
    });
    expect(reconsideredUnprompted.status).toBe(400);
    expect(JSON.stringify(reconsideredUnprompted.body)).toContain('guard.reconsidered');

    const prompted = await call('review', 'POST', `/api/v1/tasks/${first.id}/complete`, reviewer, {
      verdict: 'approve',
      guard: { prompted: true, reconsidered: false },
    });
    expect(prompted.status).toBe(200);
    const second = await claim();
    const unprompted = await call('review', 'POST', `/api/v1/tasks/${second.id}/complete`, reviewer, {
      verdict: 'reject',
      reasonCode: 'incorrect',
    });
    expect(unprompted.status).toBe(200);

    const [event] = await kafka.waitFor((record) => record.key === first.decisionId, 1);
    expect(JSON.parse(String(event.value))).toMatchObject({
      guardPrompts: [{ reviewer: 'guard-reviewer', reconsidered: false }],
    });

    // The lead knows the first decision's right answer was to reject it: the prompted approval disagrees with gold.
    const lead = await token('guard-lead', ['lead']);
    const gold = await eventually(async () => {
      const put = await call('feedback', 'PUT', `/api/v1/gold/${first.decisionId}`, lead, {
        workflow,
        verdict: 'reject',
      });
      return put.status === 204 ? put : undefined;
    });
    expect(gold.status).toBe(204);

    const effect = await eventually(async () => {
      const answer = await call('feedback', 'GET', `/api/v1/reviewers/guard-effect?workflow=${workflow}`, lead);
      return answer.status === 200 && answer.body.prompted.verdicts + answer.body.notPrompted.verdicts === 2
        ? answer.body
        : undefined;
    });
    expect(effect).toMatchObject({
      workflow,
      prompted: {
        verdicts: 1,
        approveRate: { successes: 1, trials: 1 },
        goldAgreement: { successes: 0, trials: 1 },
      },
      reconsidered: 0,
      notPrompted: { verdicts: 1, approveRate: { successes: 0, trials: 1 }, goldAgreement: { trials: 0 } },
      reviewers: [
        expect.objectContaining({ reviewer: 'guard-reviewer', prompted: expect.objectContaining({ verdicts: 1 }) }),
      ],
    });

    // Leads only, and only of their workflows.
    const asReviewer = await call('feedback', 'GET', `/api/v1/reviewers/guard-effect?workflow=${workflow}`, reviewer);
    expect(asReviewer.status).toBe(403);
    const otherLead = await token('other-lead', ['lead'], ['another-workflow']);
    const elsewhere = await call('feedback', 'GET', `/api/v1/reviewers/guard-effect?workflow=${workflow}`, otherLead);
    expect(elsewhere.status).toBe(403);
  });
});
