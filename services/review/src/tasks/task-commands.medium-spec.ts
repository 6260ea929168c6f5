import { TestingModule } from '@nestjs/testing';
import { TypedConfig } from '@countersign/platform';
import { DataSource } from 'typeorm';
import { Principal } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { continuingTrace, Outbox, outboundEvent } from '@countersign/kafka';
import { serviceParts } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { PreparedStatements } from '../database/prepared-statements';
import { reviewMigrations } from '../database/migrations';
import { escalate } from '../domain/escalate';
import { judge } from '../domain/judge';
import { claim } from '../domain/claim';
import { openTask } from '../domain/open-task';
import { taskAuditEvent } from '../domain/task-audit-event';
import { ReviewEnvironment } from '../review-environment';
import { TaskCommands } from './task-commands';
import { TaskScheduler } from './task-scheduler';
import { STALE_CLOCK_SECONDS, TaskStore } from './task-store';
import { WebhookNotifier } from './webhook-notifier';

// TaskCommands and TaskStore's SQL on the real review schema: claims in queue order, verdicts with their outbox
// records, four-eyes and stale versions — in-process, no broker, no service process, no sleeps.

const runId = randomUUID().slice(0, 8);
// One request time for every task: due times then differ only by their SLA, as the queue-order test needs.
const requestedAt = new Date().toISOString();
const FIVE_MINUTES = 5 * 60_000;
const NOT_DATE = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;
const reviewer = (subject: string, workflow: string): Principal => ({
  subject,
  roles: ['reviewer'],
  groups: [],
  workflows: [workflow],
});

describe('TaskCommands and TaskStore against Postgres', () => {
  let module: TestingModule;
  let commands: TaskCommands;
  let store: TaskStore;
  let dataSource: DataSource;
  let scheduler: TaskScheduler;
  let workflowCount = 0;

  beforeAll(async () => {
    module = await serviceParts({
      environment: ReviewEnvironment,
      database: { schema: 'review', entities: [], migrations: reviewMigrations },
      providers: [
        PreparedStatements,
        TaskStore,
        TaskCommands,
        WebhookNotifier,
        { provide: Outbox, useValue: new Outbox('review') },
      ],
    });
    commands = module.get(TaskCommands);
    store = module.get(TaskStore);
    dataSource = module.get(DataSource);
    // Built by hand rather than provided, so that no interval sweeps behind the tests' backs.
    scheduler = new TaskScheduler(store, commands, module.get(WebhookNotifier), module.get(TypedConfig));
  });

  afterAll(() => module?.close());
  afterEach(() => jest.useRealTimers());

  /**
   * The review service's wall clock `offsetMs` off the database's (which these tests never move): only `Date` is
   * faked, so the Postgres driver's timers and sockets run as usual.
   */
  function skewServiceClock(offsetMs: number): void {
    jest.useFakeTimers({ now: Date.now() + offsetMs, doNotFake: [...NOT_DATE] });
  }

  /** Ends the task's lease a second ago by the database's clock, in the column the queue reads and in the document. */
  async function endLeaseByDatabaseClock(taskId: string): Promise<void> {
    await dataSource.query(
      `UPDATE review.tasks SET lease_expires_at = now() - interval '1 second',
              doc = jsonb_set(doc, '{lease,expiresAt}', to_jsonb(now() - interval '1 second'))
        WHERE id = $1`,
      [taskId],
    );
  }

  /** A workflow of its own per test, so tests never see each other's tasks. */
  const aWorkflow = () => `medium-${runId}-${++workflowCount}`;

  async function open(workflow: string, overrides: { slaSeconds?: number; amount?: number; approvals?: number } = {}) {
    const decision = aDecision({
      id: randomUUID(),
      workflow,
      attributes: { amount: overrides.amount ?? 1_000 },
    });
    const request = aReviewRequest({
      decisionId: decision.id,
      decision,
      requestedAt,
      routing: aRouting({ slaSeconds: overrides.slaSeconds ?? 3_600, requiredApprovals: overrides.approvals ?? 1 }),
    });
    const task = openTask(request, { id: randomUUID(), now: new Date(), errorCostAttribute: 'amount' });
    await dataSource.transaction((manager) => store.insertIfAbsent(manager, task));
    return task;
  }

  async function outboxTopics(decisionId: string): Promise<string[]> {
    const rows: { topic: string }[] = await dataSource.query(
      'SELECT topic FROM review.outbox WHERE key = $1 ORDER BY id',
      [decisionId],
    );
    return rows.map((row) => row.topic);
  }

  it('claims tasks in queue order: the earliest due first, then the highest error cost', async () => {
    const workflow = aWorkflow();
    const later = await open(workflow, { slaSeconds: 7_200, amount: 9_000_000 });
    const cheap = await open(workflow, { slaSeconds: 600, amount: 10 });
    const costly = await open(workflow, { slaSeconds: 600, amount: 50_000 });
    const order: (string | undefined)[] = [];
    for (let index = 0; index < 4; index += 1) {
      order.push((await commands.next(reviewer(`r${index}`, workflow), workflow))?.id);
    }
    expect(order).toEqual([costly.id, cheap.id, later.id, undefined]);
  });

  it('stores a claim with its lease, and keeps another reviewer out while it holds', async () => {
    const workflow = aWorkflow();
    const task = await open(workflow);
    const claimed = await commands.next(reviewer('anna', workflow), workflow);
    expect(claimed).toMatchObject({ id: task.id, state: 'claimed', lease: { holder: 'anna' } });
    expect(await commands.next(reviewer('ben', workflow), workflow)).toBeNull();
    expect((await store.get(task.id))?.state).toBe('claimed');
  });

  it("leaves a lead's escalated task out of a reviewer's queue when the lead's lease has run out", async () => {
    // Found by the fault drill: with the review service's clock behind by the lease length, a lead's lease on an
    // escalated task was born expired; the queue then offered the task to a reviewer, who got 403 from `next`.
    const workflow = aWorkflow();
    const task = await open(workflow);
    const lead: Principal = { ...reviewer('lea', workflow), roles: ['lead'] };
    await commands.apply(lead, task.id, 'escalate', (current, now) => escalate(current, 'sla_breached', now));
    expect(await commands.next(lead, workflow)).toMatchObject({ id: task.id, state: 'claimed', group: 'escalation' });
    await dataSource.query("UPDATE review.tasks SET lease_expires_at = now() - interval '1 second' WHERE id = $1", [
      task.id,
    ]);
    expect(await commands.next(reviewer('ben', workflow), workflow)).toBeNull();
  });

  it('completes on a verdict and puts review.completed and the final outcome in the outbox with it', async () => {
    const workflow = aWorkflow();
    const task = await open(workflow);
    const anna = reviewer('anna', workflow);
    await commands.next(anna, workflow);
    const done = await commands.apply(anna, task.id, 'judge', (current, now) =>
      judge(current, 'anna', { verdict: 'approve' }, now),
    );
    expect(done.state).toBe('completed');
    expect(await outboxTopics(task.decisionId)).toEqual(
      expect.arrayContaining([Topics.reviewCompleted, Topics.decisionsFinal]),
    );
    expect((await outboxTopics(task.decisionId)).filter((topic) => topic === Topics.decisionsFinal)).toHaveLength(1);
    expect((await store.history(task.id)).map((entry) => entry.event)).toEqual(['claimed', 'completed']);
  });

  it('needs a second, different reviewer for a four-eyes task, and publishes no outcome before', async () => {
    const workflow = aWorkflow();
    const task = await open(workflow, { approvals: 2 });
    const anna = reviewer('anna', workflow);
    await commands.next(anna, workflow);
    const first = await commands.apply(anna, task.id, 'judge', (current, now) =>
      judge(current, 'anna', { verdict: 'approve' }, now),
    );
    expect(first.state).toBe('open');
    expect(await outboxTopics(task.decisionId)).not.toContain(Topics.decisionsFinal);
    expect(await commands.next(anna, workflow)).toBeNull();
    const ben = reviewer('ben', workflow);
    expect((await commands.next(ben, workflow))?.id).toBe(task.id);
    const second = await commands.apply(ben, task.id, 'judge', (current, now) =>
      judge(current, 'ben', { verdict: 'approve' }, now),
    );
    expect(second).toMatchObject({ state: 'completed', outcome: { reviewers: ['anna', 'ben'] } });
  });

  it('counts each workflow’s queue as a lead sees it', async () => {
    const workflow = aWorkflow();
    await open(workflow);
    await open(workflow);
    await commands.next(reviewer('anna', workflow), workflow);
    const [counts] = await store.queues([workflow]);
    expect(counts).toMatchObject({ workflow, open: 1, claimed: 1, escalated: 0, slaBreached: 0 });
  });

  // Found by the fault drill (#19): leases, SLA and expiry times came from the review service's clock, so a service
  // clock behind the database's gave leases born expired and one ahead took live leases away. The database's clock is
  // the one every replica shares: these tests skew the service's clock and expect nothing to change.
  describe.each([
    ['behind', -FIVE_MINUTES],
    ['ahead', FIVE_MINUTES],
  ])("with the review service's clock 5 minutes %s the database's", (_direction, offsetMs) => {
    it('keeps a second reviewer from claiming a task whose lease still runs by the database clock', async () => {
      const workflow = aWorkflow();
      const task = await open(workflow);
      skewServiceClock(offsetMs);
      await commands.next(reviewer('anna', workflow), workflow);
      const ben = reviewer('ben', workflow);
      expect(await commands.next(ben, workflow)).toBeNull();
      await expect(
        commands.apply(ben, task.id, 'claim', (current, now) => claim(current, 'ben', now, commands.leaseMs)),
      ).rejects.toThrow(/lease runs until/);
      const [row]: { valid: boolean }[] = await dataSource.query(
        `SELECT lease_expires_at BETWEEN now() + interval '299 seconds' AND now() + interval '301 seconds' AS valid
           FROM review.tasks WHERE id = $1`,
        [task.id],
      );
      expect(row.valid).toBe(true);
    });

    it('lets the sweep leave a lease alone until the database clock says it ran out', async () => {
      const workflow = aWorkflow();
      const task = await open(workflow);
      await commands.next(reviewer('anna', workflow), workflow);
      skewServiceClock(offsetMs);
      await scheduler.sweep();
      expect(await store.get(task.id)).toMatchObject({ state: 'claimed', lease: { holder: 'anna' } });
    });

    it('offers a task again once its lease ran out by the database clock, to the queue and to a claim by id', async () => {
      const workflow = aWorkflow();
      const [first, second] = [await open(workflow, { slaSeconds: 600 }), await open(workflow, { slaSeconds: 700 })];
      await commands.next(reviewer('anna', workflow), workflow);
      await commands.next(reviewer('anna', workflow), workflow);
      await endLeaseByDatabaseClock(first.id);
      await endLeaseByDatabaseClock(second.id);
      skewServiceClock(offsetMs);
      expect(await commands.next(reviewer('ben', workflow), workflow)).toMatchObject({
        id: first.id,
        lease: { holder: 'ben' },
      });
      const cleo = reviewer('cleo', workflow);
      const claimed = await commands.apply(cleo, second.id, 'claim', (current, now) =>
        claim(current, 'cleo', now, commands.leaseMs),
      );
      expect(claimed.lease?.holder).toBe('cleo');
    });

    it('returns a lease that ran out by the database clock to the queue in the sweep', async () => {
      const workflow = aWorkflow();
      const task = await open(workflow);
      await commands.next(reviewer('anna', workflow), workflow);
      await endLeaseByDatabaseClock(task.id);
      skewServiceClock(offsetMs);
      await scheduler.sweep();
      expect((await store.get(task.id))?.state).toBe('open');
    });
  });

  // Found by the fault drill (#19, 2026-12-05): a claim by id read the database's clock, then wrote the lease from it
  // in a second statement; under load the write came up to 5 s later, so the history row (stamped at the write) and
  // the lease (from the read) disagreed and the lease was that much shorter. The history now carries the claim's own
  // instant, and a write more than STALE_CLOCK_SECONDS after its reading is refused and read again.
  it('stamps a claim by id with the instant its lease runs from, and reads again when the write came too late', async () => {
    const workflow = aWorkflow();
    const task = await open(workflow);
    let attempts = 0;
    await commands.apply(reviewer('anna', workflow), task.id, 'claim', (current, now) => {
      attempts += 1;
      // Stalled between reading the clock and writing (a synchronous wait: the transition is synchronous).
      if (attempts === 1)
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, (STALE_CLOCK_SECONDS + 0.5) * 1000);
      return claim(current, 'anna', now, commands.leaseMs);
    });
    expect(attempts).toBe(2);
    const [row]: { agree: boolean; fresh: boolean }[] = await dataSource.query(
      `SELECT e.at = t.lease_expires_at - interval '300 seconds' AS agree,
              t.lease_expires_at > clock_timestamp() + interval '295 seconds' AS fresh
         FROM review.tasks t JOIN review.task_events e ON e.task_id = t.id AND e.event = 'claimed'
        WHERE t.id = $1`,
      [task.id],
    );
    expect(row).toEqual({ agree: true, fresh: true });
  });

  // `next` claims in one SQL statement (TaskStore.claimNext) instead of running the domain's claim in a transaction:
  // these hold the statement equal to the domain — the task it stores and returns, its history row, its audit record
  // and that record's trace header — for every state a task is claimed from.
  describe("the claim written in SQL equals the domain's claim", () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    async function claimAndCompare(taskId: string, principal: Principal, workflow: string): Promise<void> {
      const before = await store.get(taskId);
      const claimed = await commands.next(principal, workflow);
      expect(claimed?.id).toBe(taskId);
      if (!before || !claimed?.lease) throw new Error(`task ${taskId} was not there to claim, or came back unleased`);
      const at = claimed.lease.claimedAt;
      const expected = claim(before, principal.subject, at, commands.leaseMs);
      expect(claimed).toEqual(expected.task);
      expect(await store.get(taskId)).toEqual(expected.task);

      const [record]: { value: Buffer; headers: Record<string, string> }[] = await dataSource.query(
        'SELECT value, headers FROM review.outbox WHERE key = $1 AND topic = $2 ORDER BY id DESC LIMIT 1',
        [before.decisionId, Topics.auditEvents],
      );
      const audit = JSON.parse(record.value.toString('utf8'));
      expect(audit).toEqual(
        taskAuditEvent(expected, { eventId: audit.eventId, actor: principal.subject, occurredAt: at }),
      );
      expect(audit.eventId).toMatch(/^[0-9a-f-]{36}$/);
      const [published] = continuingTrace(
        [outboundEvent(Topics.auditEvents, before.decisionId, audit)],
        before.traceparent,
      );
      const headers = Object.fromEntries(
        Object.entries(published.headers ?? {}).map(([name, value]) => [name, String(value)]),
      );
      expect(record.headers).toEqual(headers);

      expect((await store.history(taskId)).at(-1)).toEqual({
        event: 'claimed',
        actor: principal.subject,
        data: { version: expected.task.version, state: 'claimed' },
        at,
      });
      const [clock]: { skew: number }[] = await dataSource.query(
        'SELECT abs(extract(epoch FROM clock_timestamp() - $1::timestamptz)) AS skew',
        [at],
      );
      expect(Number(clock.skew)).toBeLessThan(5);
    }

    it('from the reviewers’ queue, on the decision’s trace', async () => {
      const workflow = aWorkflow();
      const task = await open(workflow);
      await dataSource.query(
        "UPDATE review.tasks SET doc = jsonb_set(doc, '{traceparent}', to_jsonb($2::text)) WHERE id = $1",
        [task.id, traceparent],
      );
      await claimAndCompare(task.id, reviewer('anna', workflow), workflow);
    });

    it('from the reviewers’ queue, with no trace kept', async () => {
      const workflow = aWorkflow();
      const task = await open(workflow);
      await claimAndCompare(task.id, reviewer('anna', workflow), workflow);
    });

    it('from the leads’ queue', async () => {
      const workflow = aWorkflow();
      const task = await open(workflow);
      const lead: Principal = { ...reviewer('lea', workflow), roles: ['lead'] };
      await commands.apply(lead, task.id, 'escalate', (current, now) => escalate(current, 'sla_breached', now));
      await claimAndCompare(task.id, lead, workflow);
    });

    it('from a reviewer whose lease ran out', async () => {
      const workflow = aWorkflow();
      const task = await open(workflow);
      await commands.next(reviewer('anna', workflow), workflow);
      await endLeaseByDatabaseClock(task.id);
      await claimAndCompare(task.id, reviewer('ben', workflow), workflow);
    });

    it('for the second reviewer of a four-eyes task', async () => {
      const workflow = aWorkflow();
      const task = await open(workflow, { approvals: 2 });
      const anna = reviewer('anna', workflow);
      await commands.next(anna, workflow);
      await commands.apply(anna, task.id, 'judge', (current, now) =>
        judge(current, 'anna', { verdict: 'approve' }, now),
      );
      await claimAndCompare(task.id, reviewer('ben', workflow), workflow);
    });
  });
});
