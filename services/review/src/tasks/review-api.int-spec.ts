import { Role } from '@countersign/auth';
import {
  decodeEvent,
  FinalDecisionV1,
  ReviewCompletedV1,
  ReviewRequestedV1,
  RoutingFacts,
  Topics,
} from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import {
  ApiCaller,
  apiCaller,
  ApiReply,
  KafkaProbe,
  ObservedRecord,
  readInfrastructure,
  ServiceProcess,
} from '@countersign/testing';

// The reviewer API of the running review service (built, as a real process) against the real broker and Postgres:
// a reviewer takes the next task, gives a verdict, and exactly one final outcome and one review.completed event come
// out of the outbox; four-eyes, disagreement, redelivered requests, queue counts and paging as a reviewer or lead
// would notice them.

const runId = Date.now().toString(36);
const PORT = 24100;
const SETTLE_MS = 2_000;
const DEFAULT_LEASE_SECONDS = 300;

/** A workflow of this test run alone, so no other test's tasks are in its queues. */
const workflowNamed = (name: string) => `api-${runId}-${name}`;

type Caller = ApiCaller;
type Reply = ApiReply;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('review API', () => {
  const infrastructure = readInfrastructure();
  const review = new ServiceProcess('review', PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'review-api-0',
    LOG_LEVEL: 'warn',
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  let observer: Caller;
  let sequence = 0;

  const caller = (sub: string, workflows: string[], roles: Role[] = ['reviewer']) =>
    apiCaller(review.baseUrl, sub, workflows, roles);

  function reviewRequest(
    workflow: string,
    options: { routing?: Partial<RoutingFacts>; requestedAt?: Date; amount?: number } = {},
  ): ReviewRequestedV1 {
    sequence += 1;
    const base = aDecision();
    const decision = aDecision({
      id: `${workflow}-d${sequence}`,
      workflow,
      occurredAt: new Date().toISOString(),
      attributes: { ...base.attributes, amount: options.amount ?? 250_000 },
    });
    return aReviewRequest({
      decision,
      routing: aRouting({ requiredApprovals: 1, slaSeconds: 3_600, ...options.routing }),
      requestedAt: (options.requestedAt ?? new Date()).toISOString(),
    });
  }

  async function produce(requests: ReviewRequestedV1[]): Promise<void> {
    await kafka.sendMany(
      Topics.reviewRequested,
      requests.map((request) => ({ key: request.decisionId, value: JSON.stringify(request) })),
    );
  }

  /** Every task of the workflow, page after page. */
  async function allTasks(workflow: string, query = ''): Promise<any[]> {
    const tasks: any[] = [];
    let cursor: string | null = null;
    do {
      const page: Reply = await observer.get(
        `/tasks?workflow=${workflow}&limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      tasks.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return tasks;
  }

  /** Produces the requests as the router would and waits until the service shows a task for each, in their order. */
  async function openTasks(requests: ReviewRequestedV1[]): Promise<any[]> {
    await produce(requests);
    const workflows = [...new Set(requests.map((request) => request.decision.workflow))];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const views = new Map<string, any>();
      for (const workflow of workflows) {
        for (const task of await allTasks(workflow)) if (task.kind === 'review') views.set(task.decisionId, task);
      }
      if (requests.every((request) => views.has(request.decisionId))) {
        return requests.map((request) => views.get(request.decisionId));
      }
      if (Date.now() > deadline) throw new Error(`only ${views.size} of ${requests.length} tasks appeared within 30 s`);
      await sleep(100);
    }
  }

  async function openTask(workflow: string, routing: Partial<RoutingFacts> = {}) {
    const request = reviewRequest(workflow, { routing });
    const [task] = await openTasks([request]);
    return { task, request };
  }

  const recordsOf = (topic: string, decisionId: string) => (record: ObservedRecord) =>
    record.topic === topic && record.key === decisionId;

  /** Waits for the decision's events on the topic, then a little longer, and returns all of them, decoded. */
  async function eventsOf<T extends object>(
    eventClass: new () => T,
    topic: string,
    decisionId: string,
    atLeast = 1,
  ): Promise<T[]> {
    if (atLeast > 0) await kafka.waitFor(recordsOf(topic, decisionId), atLeast);
    await sleep(SETTLE_MS);
    return kafka.records(recordsOf(topic, decisionId)).map((record) => {
      const decoded = decodeEvent(eventClass, record.value);
      if (!decoded.ok) throw new Error(`${topic} record for ${decisionId} breaks its contract: ${decoded.errors}`);
      return decoded.value;
    });
  }

  const finalsOf = (decisionId: string, atLeast = 1) =>
    eventsOf(FinalDecisionV1, Topics.decisionsFinal, decisionId, atLeast);
  const completionsOf = (decisionId: string, atLeast = 1) =>
    eventsOf(ReviewCompletedV1, Topics.reviewCompleted, decisionId, atLeast);

  beforeAll(async () => {
    await review.start();
    await kafka.watch([Topics.decisionsFinal, Topics.reviewCompleted]);
    observer = await caller('observer', ['*'], ['lead']);
  }, 90_000);

  afterAll(async () => {
    await kafka.close();
    await review.stop();
  });

  describe('verdicts', () => {
    const workflow = workflowNamed('verdicts');
    let anna: Caller;

    beforeAll(async () => {
      anna = await caller('anna', [workflow]);
    });

    it("approve: the next task is claimed with a lease; one final outcome (approved, the AI's output) and one review.completed without a diff", async () => {
      const { task, request } = await openTask(workflow);
      const claimedAt = Date.now();
      const next = await anna.post(`/tasks/next?workflow=${workflow}`);
      expect(next.status).toBe(200);
      expect(next.body).toMatchObject({
        id: task.id,
        decisionId: request.decisionId,
        kind: 'review',
        workflow,
        state: 'claimed',
        group: 'reviewers',
        requiredApprovals: 1,
        judgments: [],
        lease: { holder: 'anna' },
      });
      const leaseSeconds = (Date.parse(next.body.lease.expiresAt) - claimedAt) / 1000;
      expect(leaseSeconds).toBeGreaterThan(DEFAULT_LEASE_SECONDS - 30);
      expect(leaseSeconds).toBeLessThanOrEqual(DEFAULT_LEASE_SECONDS + 5);
      expect(Date.parse(next.body.dueAt)).toBe(Date.parse(request.requestedAt) + 3_600_000);

      const completed = await anna.post(`/tasks/${task.id}/complete`, {
        verdict: 'approve',
        comment: 'Cap matches clause 14.2.',
      });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({
        state: 'completed',
        lease: null,
        judgments: [expect.objectContaining({ reviewer: 'anna', verdict: 'approve' })],
      });

      const finals = await finalsOf(request.decisionId);
      expect(finals).toHaveLength(1);
      expect(finals[0]).toMatchObject({
        decisionId: request.decisionId,
        workflow,
        outcome: 'approved',
        finalOutput: request.decision.output,
        model: request.decision.model,
        confidence: request.decision.confidence,
        routing: request.routing,
      });
      const completions = await completionsOf(request.decisionId);
      expect(completions).toHaveLength(1);
      expect(completions[0]).toMatchObject({
        taskId: task.id,
        kind: 'review',
        verdict: 'approve',
        aiOutput: request.decision.output,
        finalOutput: request.decision.output,
        diff: [],
        reviewers: ['anna'],
        comment: 'Cap matches clause 14.2.',
      });

      const detail = await anna.get(`/tasks/${task.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ state: 'completed', decision: request.decision, routing: request.routing });
      expect(detail.body.history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ event: 'claimed', actor: 'anna' }),
          expect.objectContaining({ event: 'completed', actor: 'anna' }),
        ]),
      );
    });

    it('correct: one final outcome (corrected, the correction) and a review.completed with the field-level diff', async () => {
      const { task, request } = await openTask(workflow);
      expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(200);
      const { noticePeriodDays: _removed, ...kept } = request.decision.output as Record<string, unknown>;
      const correction = {
        ...kept,
        liabilityCap: { amount: 500_000, currency: 'EUR' },
        autoRenewal: false,
        terminationForConvenience: true,
      };
      const completed = await anna.post(`/tasks/${task.id}/complete`, {
        verdict: 'correct',
        correction,
        reasonCode: 'misread-amount',
      });
      expect(completed.status).toBe(200);
      expect(completed.body.state).toBe('completed');

      const finals = await finalsOf(request.decisionId);
      expect(finals).toEqual([expect.objectContaining({ outcome: 'corrected', finalOutput: correction })]);
      const completions = await completionsOf(request.decisionId);
      expect(completions).toHaveLength(1);
      expect(completions[0]).toMatchObject({
        verdict: 'correct',
        aiOutput: request.decision.output,
        finalOutput: correction,
        reasonCode: 'misread-amount',
        reviewers: ['anna'],
      });
      // Postgres (jsonb) may reorder an object's keys, so the changes are compared in path order.
      const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
      expect([...completions[0].diff].sort(byPath)).toEqual([
        { path: '/autoRenewal', before: true, after: false },
        { path: '/liabilityCap/amount', before: 5_000_000, after: 500_000 },
        { path: '/noticePeriodDays', before: 90 },
        { path: '/terminationForConvenience', after: true },
      ]);
    });

    it('reject: one final outcome (rejected, no output to act on)', async () => {
      const { task, request } = await openTask(workflow);
      expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(200);
      const completed = await anna.post(`/tasks/${task.id}/complete`, { verdict: 'reject', reasonCode: 'incorrect' });
      expect(completed.status).toBe(200);
      expect(completed.body.state).toBe('completed');

      const finals = await finalsOf(request.decisionId);
      expect(finals).toEqual([expect.objectContaining({ outcome: 'rejected', finalOutput: null })]);
      const completions = await completionsOf(request.decisionId);
      expect(completions).toEqual([
        expect.objectContaining({ verdict: 'reject', finalOutput: null, reasonCode: 'incorrect', diff: [] }),
      ]);
    });
  });

  describe('four-eyes', () => {
    const workflow = workflowNamed('four-eyes');
    let anna: Caller;
    let li: Caller;

    beforeAll(async () => {
      anna = await caller('anna', [workflow]);
      li = await caller('li', [workflow]);
    });

    it('needs two distinct reviewers: the first approval is not final, the same reviewer cannot give the second', async () => {
      const { task, request } = await openTask(workflow, { requiredApprovals: 2 });
      expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(200);
      const first = await anna.post(`/tasks/${task.id}/complete`, { verdict: 'approve' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        state: 'open',
        lease: null,
        requiredApprovals: 2,
        judgments: [expect.objectContaining({ reviewer: 'anna', verdict: 'approve' })],
      });

      expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(409);
      expect((await anna.post(`/tasks/next?workflow=${workflow}`)).status).toBe(204);

      const second = await li.post(`/tasks/next?workflow=${workflow}`);
      expect(second.status).toBe(200);
      expect(second.body.id).toBe(task.id);
      const done = await li.post(`/tasks/${task.id}/complete`, { verdict: 'approve' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        state: 'completed',
        judgments: [expect.objectContaining({ reviewer: 'anna' }), expect.objectContaining({ reviewer: 'li' })],
      });

      // One final outcome in all: had the first approval published one, there would be two.
      expect(await finalsOf(request.decisionId)).toEqual([
        expect.objectContaining({ outcome: 'approved', finalOutput: request.decision.output }),
      ]);
      expect(await completionsOf(request.decisionId)).toEqual([
        expect.objectContaining({ verdict: 'approve', reviewers: ['anna', 'li'] }),
      ]);
    });

    it('escalates a disagreement to the leads and publishes nothing', async () => {
      const { task, request } = await openTask(workflow, { requiredApprovals: 2 });
      expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(200);
      expect((await anna.post(`/tasks/${task.id}/complete`, { verdict: 'approve' })).status).toBe(200);
      expect((await li.post(`/tasks/${task.id}/claim`)).status).toBe(200);
      const disagreed = await li.post(`/tasks/${task.id}/complete`, { verdict: 'reject', reasonCode: 'incorrect' });
      expect(disagreed.status).toBe(200);
      expect(disagreed.body).toMatchObject({ state: 'escalated', group: 'escalation', lease: null });

      const omar = await caller('omar', [workflow]);
      expect((await omar.post(`/tasks/next?workflow=${workflow}`)).status).toBe(204);
      expect((await omar.post(`/tasks/${task.id}/claim`)).status).toBe(403);
      const lena = await caller('lena', [workflow], ['lead']);
      const leads = await lena.post(`/tasks/next?workflow=${workflow}`);
      expect(leads.status).toBe(200);
      expect(leads.body).toMatchObject({ id: task.id, group: 'escalation', lease: { holder: 'lena' } });

      expect(await finalsOf(request.decisionId, 0)).toEqual([]);
      expect(await completionsOf(request.decisionId, 0)).toEqual([]);
    });
  });

  it('opens one task per decision, however often its review request is delivered', async () => {
    const workflow = workflowNamed('redelivery');
    const anna = await caller('anna', [workflow]);
    const request = reviewRequest(workflow);
    // The audit request has the same key, so it lands in the same partition after both copies: once its task is
    // there, both copies of the review request have been consumed.
    const marker = { ...request, kind: 'audit' as const };
    await kafka.sendMany(Topics.reviewRequested, [
      { key: request.decisionId, value: JSON.stringify(request) },
      { key: request.decisionId, value: JSON.stringify(request) },
      { key: request.decisionId, value: JSON.stringify(marker) },
    ]);
    const deadline = Date.now() + 30_000;
    while (!(await allTasks(workflow)).some((task) => task.kind === 'audit')) {
      if (Date.now() > deadline) throw new Error('the audit task did not appear within 30 s');
      await sleep(100);
    }
    const tasks = await allTasks(workflow);
    expect(tasks.map((task) => [task.decisionId, task.kind]).sort()).toEqual([
      [request.decisionId, 'audit'],
      [request.decisionId, 'review'],
    ]);

    // Redelivered after the review is done: still one task, and no second outcome.
    const reviewTask = tasks.find((task) => task.kind === 'review');
    expect((await anna.post(`/tasks/${reviewTask.id}/claim`)).status).toBe(200);
    expect((await anna.post(`/tasks/${reviewTask.id}/complete`, { verdict: 'approve' })).status).toBe(200);
    await produce([request]);
    await sleep(SETTLE_MS);
    const after = await allTasks(workflow);
    expect(after.filter((task) => task.kind === 'review')).toEqual([
      expect.objectContaining({ id: reviewTask.id, state: 'completed' }),
    ]);
    expect(await finalsOf(request.decisionId)).toHaveLength(1);
  });

  it('hands out tasks by SLA due time, then error cost, then age', async () => {
    const workflow = workflowNamed('order');
    const requestedAt = new Date();
    // Produced in the opposite of the expected order, so that age alone would get it wrong.
    // The policy names `amount` as the error-cost attribute, as the router then says on each review request.
    const costed = (slaSeconds: number) => ({ slaSeconds, errorCostAttribute: 'amount' });
    const requests = [
      reviewRequest(workflow, { routing: costed(14_400), requestedAt, amount: 9_000_000 }),
      reviewRequest(workflow, { routing: costed(7_200), requestedAt, amount: 10 }),
      reviewRequest(workflow, { routing: costed(3_600), requestedAt, amount: 10 }),
      reviewRequest(workflow, { routing: costed(3_600), requestedAt, amount: 1_000_000 }),
      reviewRequest(workflow, { routing: costed(600), requestedAt, amount: 10 }),
    ];
    const tasks = await openTasks(requests);
    // 600 s; then 3,600 s, the costlier first; then 7,200 s; then 14,400 s.
    const expected = [4, 3, 2, 1, 0].map((index) => tasks[index].id);

    const handedOut: string[] = [];
    for (let index = 0; index < tasks.length; index += 1) {
      const reviewer = await caller(`order-reviewer-${index}`, [workflow]);
      const next = await reviewer.post('/tasks/next');
      expect(next.status).toBe(200);
      handedOut.push(next.body.id);
    }
    expect(handedOut).toEqual(expected);
  });

  it('keeps a claim alive with renew, and gives it back with release', async () => {
    const workflow = workflowNamed('lease');
    const anna = await caller('anna', [workflow]);
    const li = await caller('li', [workflow]);
    const { task } = await openTask(workflow);

    const claimed = await anna.post(`/tasks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    await sleep(1_100);
    const renewed = await anna.post(`/tasks/${task.id}/renew`);
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.lease.expiresAt)).toBeGreaterThan(Date.parse(claimed.body.lease.expiresAt));
    expect(renewed.body.version).toBeGreaterThan(claimed.body.version);

    const released = await anna.post(`/tasks/${task.id}/release`);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ state: 'open', lease: null, judgments: [] });
    const next = await li.post(`/tasks/next?workflow=${workflow}`);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ id: task.id, lease: { holder: 'li' } });
  });

  it('keeps notes on a task from anyone of its workflow, without touching the lease or the decision', async () => {
    const workflow = workflowNamed('notes');
    const anna = await caller('anna', [workflow]);
    const li = await caller('li', [workflow]);
    const stranger = await caller('stranger', [workflowNamed('elsewhere')]);
    const { task, request } = await openTask(workflow);
    await anna.post(`/tasks/${task.id}/claim`);

    const noted = await li.post(`/tasks/${task.id}/comments`, { text: ' Cap differs from annex B ' });
    expect(noted.status).toBe(201);
    expect(noted.body).toMatchObject({ state: 'claimed', lease: { holder: 'anna' } });
    expect(noted.body.comments).toEqual([{ author: 'li', text: 'Cap differs from annex B', at: expect.any(String) }]);
    // The lease holder's verdict still goes through: the note moved the version on, not the lease.
    expect((await anna.post(`/tasks/${task.id}/complete`, { verdict: 'approve' })).status).toBe(200);

    const blank = await li.post(`/tasks/${task.id}/comments`, { text: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.fieldErrors.map((error: { field: string }) => error.field)).toEqual(['text']);
    expect((await stranger.post(`/tasks/${task.id}/comments`, { text: 'hi' })).status).toBe(403);

    const detail = await anna.get(`/tasks/${task.id}`);
    expect(detail.body.comments).toHaveLength(1);
    expect(detail.body.history.map((entry: { event: string }) => entry.event)).toContain('commented');
    expect(detail.body.decision).toEqual(request.decision);
  });

  it('answers 204 when there is nothing to review', async () => {
    const idle = await caller('anna', [workflowNamed('idle')]);
    const next = await idle.post('/tasks/next');
    expect(next.status).toBe(204);
    expect(next.body).toBeNull();
    expect((await idle.post(`/tasks/next?workflow=${workflowNamed('idle')}`)).status).toBe(204);
  });

  it('counts open, claimed, escalated and overdue tasks per workflow in GET /queues', async () => {
    const workflow = workflowNamed('queues');
    const overdueWorkflow = workflowNamed('queues-late');
    const anna = await caller('anna', [workflow]);
    const li = await caller('li', [workflow]);
    const tasks = await openTasks([
      reviewRequest(workflow),
      reviewRequest(workflow),
      reviewRequest(workflow),
      reviewRequest(workflow),
      reviewRequest(workflow, { routing: { requiredApprovals: 2 } }),
    ]);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    await openTasks([
      reviewRequest(overdueWorkflow, { routing: { slaSeconds: 600 }, requestedAt: twoHoursAgo }),
      reviewRequest(overdueWorkflow),
    ]);
    // The oldest of the plain tasks stays open; "oldest" may count open tasks only or every unfinished one.
    const fourEyes = tasks[4];
    const byAge = tasks
      .filter((task) => task.id !== fourEyes.id)
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const [oldestOpen] = byAge;
    const toClaim = byAge[byAge.length - 1];
    const oldestUnfinished = Date.parse(fourEyes.createdAt) < Date.parse(oldestOpen.createdAt) ? fourEyes : oldestOpen;
    expect((await anna.post(`/tasks/${fourEyes.id}/claim`)).status).toBe(200);
    expect((await anna.post(`/tasks/${fourEyes.id}/complete`, { verdict: 'approve' })).status).toBe(200);
    expect((await li.post(`/tasks/${fourEyes.id}/claim`)).status).toBe(200);
    const correction = { ...aDecision().output, governingLaw: 'France' };
    expect((await li.post(`/tasks/${fourEyes.id}/complete`, { verdict: 'correct', correction })).status).toBe(200);
    expect((await anna.post(`/tasks/${toClaim.id}/claim`)).status).toBe(200);

    const lead = await caller('lena', [workflow, overdueWorkflow], ['lead']);
    const queues = await lead.get('/queues');
    expect(queues.status).toBe(200);
    expect(queues.body.map((queue: any) => queue.workflow).sort()).toEqual([workflow, overdueWorkflow].sort());
    const queue = queues.body.find((entry: any) => entry.workflow === workflow);
    expect(queue).toEqual({
      workflow,
      open: 3,
      claimed: 1,
      escalated: 1,
      oldestCreatedAt: expect.any(String),
      slaBreached: 0,
    });
    const oldestCandidates = [oldestOpen.createdAt, oldestUnfinished.createdAt].map((at) => Date.parse(at));
    expect(oldestCandidates).toContain(Date.parse(queue.oldestCreatedAt));
    const late = queues.body.find((entry: any) => entry.workflow === overdueWorkflow);
    expect(late).toMatchObject({ slaBreached: 1, claimed: 0 });
    expect(late.open + late.escalated).toBe(2);

    // Finished tasks leave the counts.
    expect((await anna.post(`/tasks/${toClaim.id}/complete`, { verdict: 'approve' })).status).toBe(200);
    const afterwards = (await lead.get('/queues')).body.find((entry: any) => entry.workflow === workflow);
    expect(afterwards).toMatchObject({ open: 3, claimed: 0, escalated: 1 });
  });

  it('pages through a workflow with a cursor, every task exactly once; filters by state and assignee', async () => {
    const workflow = workflowNamed('paging');
    const anna = await caller('anna', [workflow]);
    const tasks = await openTasks(Array.from({ length: 25 }, () => reviewRequest(workflow)));

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Reply = await anna.get(
        `/tasks?workflow=${workflow}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      pageSizes.push(page.body.items.length);
      seen.push(...page.body.items.map((item: any) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor && pageSizes.length < 10);
    expect(cursor).toBeNull();
    expect(pageSizes.slice(0, 4)).toEqual([7, 7, 7, 4]);
    expect(seen).toHaveLength(25);
    expect([...seen].sort()).toEqual(tasks.map((task) => task.id).sort());

    const mine = [tasks[3], tasks[11], tasks[19]];
    for (const task of mine) expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(200);
    const claimed = await anna.get(`/tasks?workflow=${workflow}&state=claimed&assignee=anna`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.items.map((item: any) => item.id).sort()).toEqual(mine.map((task) => task.id).sort());
    const open = await anna.get(`/tasks?workflow=${workflow}&state=open&limit=100`);
    expect(open.body.items).toHaveLength(22);
  });
});
