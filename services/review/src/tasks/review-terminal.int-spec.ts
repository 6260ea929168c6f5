import { decodeEvent, FinalDecisionV1, ReviewRequestedV1, RoutingFacts, Topics } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import {
  ApiCaller,
  apiCaller,
  eventually,
  KafkaProbe,
  ObservedRecord,
  readInfrastructure,
  ServiceProcess,
} from '@countersign/testing';

// Every decision ends (#13), shown on the running review and audit services against the real broker and Postgres: a
// task nobody works is escalated at its SLA and expires after the policy's window with the safe default — one record
// on countersign.decisions.final and on the audit trail; a cancelled task publishes withdrawn; an audit sample that
// expires publishes no second outcome; a task whose quorum cannot be reached goes to the leads at once.

const runId = Date.now().toString(36);
const REVIEW_PORT = 24131;
const AUDIT_PORT = 24133;
const SLA_SECONDS = 60;
const EXPIRY_SECONDS = 3;

const workflowNamed = (name: string) => `terminal-${runId}-${name}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('review: every decision ends', () => {
  const infrastructure = readInfrastructure();
  const quorumWorkflow = workflowNamed('short-staffed');
  const review = new ServiceProcess('review', REVIEW_PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'review-terminal-0',
    LOG_LEVEL: 'warn',
    REVIEW_SLA_SCAN_INTERVAL_MS: '200',
    // One reviewer and no lead for this workflow: a four-eyes task there can never complete.
    REVIEW_STAFFING: JSON.stringify({ [quorumWorkflow]: { reviewers: 1, leads: 0 } }),
  });
  const audit = new ServiceProcess('audit', AUDIT_PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'audit-terminal-0',
    LOG_LEVEL: 'warn',
    AUDIT_CHECKPOINT_EVERY_MS: '0',
    AUDIT_REPORT_CRON: '',
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  let lead: ApiCaller;
  let auditor: ApiCaller;
  let sequence = 0;

  function reviewRequest(
    workflow: string,
    routing: Partial<RoutingFacts>,
    requestedAt = new Date(),
  ): ReviewRequestedV1 {
    sequence += 1;
    const decision = aDecision({ id: `${workflow}-d${sequence}`, workflow, occurredAt: requestedAt.toISOString() });
    return aReviewRequest({
      decision,
      routing: aRouting({ requiredApprovals: 1, slaSeconds: SLA_SECONDS, ...routing }),
      requestedAt: requestedAt.toISOString(),
    });
  }

  async function produce(request: ReviewRequestedV1): Promise<void> {
    await kafka.send(Topics.reviewRequested, request.decisionId, JSON.stringify(request));
  }

  async function taskOf(request: ReviewRequestedV1) {
    return eventually(async () => {
      const page = await lead.get(`/tasks?decisionId=${encodeURIComponent(request.decisionId)}`);
      return page.body.items?.find((task: { kind: string }) => task.kind === request.kind);
    }, 30_000);
  }

  const isFinalOf = (decisionId: string) => (record: ObservedRecord) =>
    record.topic === Topics.decisionsFinal && record.key === decisionId;

  /** Every final outcome of the decision on the topic, decoded, after a pause long enough to see a duplicate. */
  async function finalsOf(decisionId: string, atLeast = 1): Promise<FinalDecisionV1[]> {
    if (atLeast > 0) await kafka.waitFor(isFinalOf(decisionId), atLeast);
    await sleep(2_000);
    return kafka.records(isFinalOf(decisionId)).map((record) => {
      const decoded = decodeEvent(FinalDecisionV1, record.value);
      if (!decoded.ok) throw new Error(`decisions.final for ${decisionId} breaks its contract: ${decoded.errors}`);
      return decoded.value;
    });
  }

  /** The audit trail's events of the decision once it has all of `types`. */
  async function trailOf(decisionId: string, types: string[]) {
    return eventually(async () => {
      const reply = await auditor.get(`/decisions/${encodeURIComponent(decisionId)}/history`);
      if (reply.status !== 200) return undefined;
      const events = reply.body.events.map((record: { event: { type: string } }) => record.event);
      return types.every((type) => events.some((event: { type: string }) => event.type === type)) ? events : undefined;
    }, 60_000);
  }

  beforeAll(async () => {
    await review.start();
    await audit.start();
    await kafka.watch([Topics.decisionsFinal, Topics.reviewCompleted]);
    lead = await apiCaller(review.baseUrl, 'terminal-lead', ['*'], ['lead']);
    auditor = await apiCaller(audit.baseUrl, 'terminal-auditor', ['*'], ['lead']);
  }, 120_000);

  afterAll(async () => {
    await kafka.close();
    await audit.stop();
    await review.stop();
  });

  it('an unworked task is escalated at its SLA, then expires with the safe default: once on decisions.final and on the audit trail', async () => {
    const workflow = workflowNamed('unworked');
    // Requested (routed) almost a minute ago: the SLA falls ten seconds from now, the expiry three seconds later. (Two
    // seconds were too few on a busy CI machine: the task was escalated before the test first read it.)
    const requestedAt = new Date(Date.now() - (SLA_SECONDS - 10) * 1000);
    const request = reviewRequest(workflow, { expirySeconds: EXPIRY_SECONDS, safeDefault: 'reject' }, requestedAt);
    await produce(request);
    const opened = await taskOf(request);
    expect(opened).toMatchObject({ state: 'open', safeDefault: 'reject' });
    expect(Date.parse(opened.expiresAt) - Date.parse(opened.dueAt)).toBe(EXPIRY_SECONDS * 1000);

    const finals = await finalsOf(request.decisionId);
    expect(finals).toEqual([
      expect.objectContaining({
        decisionId: request.decisionId,
        workflow,
        outcome: 'expired',
        safeDefault: 'reject',
        finalOutput: null,
        routing: request.routing,
      }),
    ]);
    // Not before its expiry time, and not long after it (the scheduler sweeps every 200 ms).
    const lateMs = Date.parse(finals[0].decidedAt) - Date.parse(opened.expiresAt);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(5_000);
    expect(kafka.records((r) => r.topic === Topics.reviewCompleted && r.key === request.decisionId)).toEqual([]);

    const detail = await lead.get(`/tasks/${opened.id}`);
    expect(detail.body).toMatchObject({ state: 'expired', expiry: { outcome: 'reject' }, lease: null });
    const history = detail.body.history.map((entry: { event: string }) => entry.event);
    expect(history).toEqual(['created', 'escalated', 'expired']);

    const trail = await trailOf(request.decisionId, ['task.escalated', 'task.expired', 'decision.finalized']);
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'task.expired', data: expect.objectContaining({ outcome: 'reject' }) }),
        expect.objectContaining({
          type: 'decision.finalized',
          data: expect.objectContaining({ outcome: 'expired', safeDefault: 'reject', finalOutput: null }),
        }),
      ]),
    );
    // A reviewer coming late finds nothing to do.
    expect((await lead.post(`/tasks/${opened.id}/claim`)).status).toBe(409);
  });

  it('a cancelled task publishes withdrawn as its final outcome, once, and the trail records it', async () => {
    const workflow = workflowNamed('cancelled');
    const request = reviewRequest(workflow, { expirySeconds: 3_600, safeDefault: 'hold' });
    await produce(request);
    const opened = await taskOf(request);
    const cancelled = await lead.post(`/tasks/${opened.id}/cancel`, { reason: 'sent twice by the producer' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancellation: { by: 'terminal-lead' } });

    const finals = await finalsOf(request.decisionId);
    expect(finals).toEqual([
      expect.objectContaining({ decisionId: request.decisionId, outcome: 'withdrawn', finalOutput: null }),
    ]);
    expect(finals[0].safeDefault).toBeUndefined();
    const trail = await trailOf(request.decisionId, ['task.cancelled', 'decision.finalized']);
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'decision.finalized',
          data: expect.objectContaining({ outcome: 'withdrawn' }),
        }),
      ]),
    );
  });

  it('an audit sample that nobody checks expires without a second final outcome for its released decision', async () => {
    const workflow = workflowNamed('audit-sample');
    const requestedAt = new Date(Date.now() - SLA_SECONDS * 1000);
    const request = {
      ...reviewRequest(workflow, { route: 'autonomous', expirySeconds: 1 }, requestedAt),
      kind: 'audit' as const,
    };
    await produce(request);
    const opened = await taskOf(request);
    await eventually(async () => {
      const detail = await lead.get(`/tasks/${opened.id}`);
      return detail.body.state === 'expired' ? detail.body : undefined;
    }, 30_000);
    expect(await finalsOf(request.decisionId, 0)).toEqual([]);
  });

  it('a task that needs more approvals than its workflow has people goes to the leads at once', async () => {
    const fourEyes = reviewRequest(quorumWorkflow, { requiredApprovals: 2, expirySeconds: 3_600 });
    const single = reviewRequest(quorumWorkflow, { requiredApprovals: 1, expirySeconds: 3_600 });
    await produce(fourEyes);
    await produce(single);
    expect(await taskOf(fourEyes)).toMatchObject({
      state: 'escalated',
      group: 'escalation',
      escalation: { reason: 'quorum_unreachable' },
    });
    expect(await taskOf(single)).toMatchObject({ state: 'open', group: 'reviewers' });
    // The workflow's one reviewer is offered the task that can complete, never the one that cannot.
    const reviewer = await apiCaller(review.baseUrl, 'only-reviewer', [quorumWorkflow]);
    const next = await reviewer.post(`/tasks/next?workflow=${quorumWorkflow}`);
    expect(next.body.decisionId).toBe(single.decisionId);
    expect((await reviewer.post(`/tasks/next?workflow=${quorumWorkflow}`)).status).toBe(204);
  });
});
