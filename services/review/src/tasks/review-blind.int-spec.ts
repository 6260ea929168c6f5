import { Topics } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import {
  ApiCaller,
  apiCaller,
  ApiReply,
  eventually,
  KafkaProbe,
  readInfrastructure,
  ServiceProcess,
} from '@countersign/testing';

// Blind review (#13) on the running review service against the real broker and Postgres: the second reviewer of a
// four-eyes task cannot learn the first judgment — verdict, reason, comment, a note — from any endpoint that shows
// tasks; a lead sees every judgment once reviewers disagree; everyone sees them once the task is complete.

const runId = Date.now().toString(36);
const PORT = 24132;
// Marks of the first judgment that no answer to the second reviewer may contain.
const REASON = 'misread-cap-blind';
const COMMENT = 'FIRST-REVIEWER-COMMENT: the cap is 500k, not 5m';
const NOTE = 'FIRST-REVIEWER-NOTE: I rejected it';

describe('review: blind four-eyes', () => {
  const infrastructure = readInfrastructure();
  const workflow = `blind-${runId}`;
  const review = new ServiceProcess('review', PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'review-blind-0',
    LOG_LEVEL: 'warn',
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  let anna: ApiCaller;
  let li: ApiCaller;
  let lead1: ApiCaller;
  let lead2: ApiCaller;
  let sequence = 0;

  async function openFourEyesTask(): Promise<string> {
    sequence += 1;
    const decision = aDecision({ id: `${workflow}-d${sequence}`, workflow, occurredAt: new Date().toISOString() });
    const request = aReviewRequest({
      decision,
      routing: aRouting({ requiredApprovals: 2, slaSeconds: 3_600 }),
      requestedAt: new Date().toISOString(),
    });
    await kafka.send(Topics.reviewRequested, request.decisionId, JSON.stringify(request));
    return eventually(async () => {
      const page = await lead1.get(`/tasks?decisionId=${encodeURIComponent(request.decisionId)}`);
      return page.body.items?.[0]?.id as string | undefined;
    }, 30_000);
  }

  /** Anna claims the task, writes a note, and rejects it with a reason and a comment: the judgment to keep blind. */
  async function annaRejects(taskId: string): Promise<void> {
    expect((await anna.post(`/tasks/${taskId}/claim`)).status).toBe(200);
    expect((await anna.post(`/tasks/${taskId}/comments`, { text: NOTE })).status).toBe(201);
    const judged = await anna.post(`/tasks/${taskId}/complete`, {
      verdict: 'reject',
      reasonCode: REASON,
      comment: COMMENT,
    });
    expect(judged.status).toBe(200);
    expect(judged.body).toMatchObject({ state: 'open', judgments: [{ reviewer: 'anna', verdict: 'reject' }] });
  }

  /** Fails naming the endpoint when an answer carries anything of Anna's judgment. */
  function expectBlind(endpoint: string, reply: ApiReply): void {
    expect({ endpoint, status: reply.status }).toEqual({ endpoint, status: expect.any(Number) });
    const text = JSON.stringify(reply.body);
    expect({ endpoint, leaks: [REASON, COMMENT, NOTE, '"reject"'].filter((mark) => text.includes(mark)) }).toEqual({
      endpoint,
      leaks: [],
    });
  }

  beforeAll(async () => {
    await review.start();
    anna = await apiCaller(review.baseUrl, 'anna', [workflow]);
    li = await apiCaller(review.baseUrl, 'li', [workflow]);
    lead1 = await apiCaller(review.baseUrl, 'lead-1', [workflow], ['lead']);
    lead2 = await apiCaller(review.baseUrl, 'lead-2', [workflow], ['lead']);
  }, 90_000);

  afterAll(async () => {
    await kafka.close();
    await review.stop();
  });

  it('the second reviewer cannot learn the first judgment from any endpoint; leads see both after a disagreement; everyone after completion', async () => {
    const taskId = await openFourEyesTask();
    await annaRejects(taskId);

    // Every way Li can look at the task before judging it.
    const single = await li.get(`/tasks/${taskId}`);
    expect(single.status).toBe(200);
    expect(single.body).toMatchObject({ judgments: [], hiddenJudgments: 1, requiredApprovals: 2 });
    expectBlind('GET /tasks/:id', single);
    expectBlind('GET /tasks', await li.get(`/tasks?workflow=${workflow}`));
    expectBlind('GET /tasks?state=open', await li.get(`/tasks?workflow=${workflow}&state=open`));
    const next = await li.post(`/tasks/next?workflow=${workflow}`);
    expect(next.body.id).toBe(taskId);
    expectBlind('POST /tasks/next', next);
    expectBlind('POST /tasks/:id/renew', await li.post(`/tasks/${taskId}/renew`));
    expectBlind('POST /tasks/:id/comments', await li.post(`/tasks/${taskId}/comments`, { text: 'looking at it' }));
    expectBlind('POST /tasks/:id/release', await li.post(`/tasks/${taskId}/release`));
    const claimed = await li.post(`/tasks/${taskId}/claim`);
    expect(claimed.status).toBe(200);
    expectBlind('POST /tasks/:id/claim', claimed);
    expectBlind('GET /tasks/:id (claimed)', await li.get(`/tasks/${taskId}`));

    // Li disagrees: the task goes to the leads, who see both judgments; Li still sees only their own.
    const disagreed = await li.post(`/tasks/${taskId}/complete`, { verdict: 'approve' });
    expect(disagreed.body).toMatchObject({ state: 'escalated', escalation: { reason: 'disagreement' } });
    expectBlind('POST /tasks/:id/complete', disagreed);
    expectBlind('GET /tasks/:id (escalated)', await li.get(`/tasks/${taskId}`));
    const leadView = await lead1.get(`/tasks/${taskId}`);
    expect(leadView.body.hiddenJudgments).toBe(0);
    expect(leadView.body.escalation.judgments).toEqual([
      expect.objectContaining({ reviewer: 'anna', verdict: 'reject', reasonCode: REASON, comment: COMMENT }),
      expect.objectContaining({ reviewer: 'li', verdict: 'approve' }),
    ]);
    expect(leadView.body.comments.map((note: { text: string }) => note.text)).toContain(NOTE);

    // Two leads decide; then the task is complete and nobody's judgment is hidden from anyone.
    for (const lead of [lead1, lead2]) {
      expect((await lead.post(`/tasks/${taskId}/claim`)).status).toBe(200);
      expect(
        (await lead.post(`/tasks/${taskId}/complete`, { verdict: 'reject', reasonCode: 'incorrect' })).status,
      ).toBe(200);
    }
    const after = await li.get(`/tasks/${taskId}`);
    expect(after.body).toMatchObject({ state: 'completed', hiddenJudgments: 0 });
    expect(after.body.escalation.judgments).toEqual([
      expect.objectContaining({ reviewer: 'anna', reasonCode: REASON, comment: COMMENT }),
      expect.objectContaining({ reviewer: 'li' }),
    ]);
    expect(after.body.comments.map((note: { text: string }) => note.text)).toContain(NOTE);
  });

  it('a lead giving the second judgment of an open task (no disagreement) does not see the first either', async () => {
    const taskId = await openFourEyesTask();
    await annaRejects(taskId);
    expect((await lead1.post(`/tasks/${taskId}/claim`)).status).toBe(200);
    expectBlind('lead GET /tasks/:id (open, not a disagreement)', await lead1.get(`/tasks/${taskId}`));
  });
});
