import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { FinalDecisionV1, ReviewCompletedV1, Topics } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { json, KafkaProbe, ObservedRecord, readInfrastructure, ServiceProcess } from '@countersign/testing';

// 50 simulated reviewers drain 5,000 review tasks from the running review service (built, as a real process) against
// the real broker and Postgres, and the service is killed with SIGKILL in the middle and started again. Afterwards:
// no task was handed to two reviewers, none was lost, and exactly one final outcome and one review.completed event
// were published per decision.

const TOTAL = 5_000;
const REVIEWERS = 50;
const KILL_AFTER_COMPLETIONS = 1_500;
const PORT = 24102;
const TIME_LIMIT_MS = 240_000;
const runId = Date.now().toString(36);
const WORKFLOWS = Array.from({ length: 5 }, (_, index) => `drain-${runId}-${index}`);

interface Reply {
  status: number;
  body: any;
  /** True when the request had to be sent again because the service could not be reached (the crash). */
  resent: boolean;
  ms: number;
}

interface Claim {
  reviewer: string;
  via: 'next' | 'recovered';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(line: string): void {
  process.stdout.write(`[review-drain] ${line}\n`);
}

describe('review: 50 reviewers drain 5,000 tasks across kill -9', () => {
  const infrastructure = readInfrastructure();
  const review = new ServiceProcess('review', PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'review-drain-0',
    LOG_LEVEL: 'warn',
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const decisionIds = new Set(Array.from({ length: TOTAL }, (_, index) => `${runId}-${index}`));
  const ours = (topic: string) => (record: ObservedRecord) =>
    record.topic === topic && record.key !== null && decisionIds.has(record.key);

  // What the reviewers saw.
  const claims = new Map<string, Claim[]>();
  const completedBy = new Map<string, string[]>();
  const unexpected: Array<{ reviewer: string; request: string; status: number; body: unknown; resent: boolean }> = [];
  /** What the service said, short: its message, or the id of the task it handed out. */
  const gist = (body: any): unknown => body?.message ?? (body?.id ? `task ${body.id}` : body);
  const latencies = { next: [] as number[], complete: [] as number[] };
  const tally = { networkErrors: 0, throttled: 0, conflictsAfterResend: 0, recovered: 0, serverErrors: 0 };
  let completions = 0;
  let deadline = 0;

  /** One request as a reviewer's client sends it: resent while the service is unreachable, or throttled. */
  async function send(token: string, method: string, path: string, body?: unknown): Promise<Reply> {
    let resent = false;
    for (;;) {
      const started = performance.now();
      try {
        const response = await fetch(`${review.baseUrl}/api/v1${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await response.text();
        const reply = {
          status: response.status,
          body: text ? JSON.parse(text) : null,
          resent,
          ms: performance.now() - started,
        };
        if (response.status === 429) {
          tally.throttled += 1;
          await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
          continue;
        }
        if (response.status >= 500) tally.serverErrors += 1;
        return reply;
      } catch {
        // Connection refused or reset: the service is down (or restarting). A real client retries.
        tally.networkErrors += 1;
        resent = true;
        if (Date.now() > deadline) return { status: 0, body: null, resent, ms: 0 };
        await sleep(100);
      }
    }
  }

  function recordClaim(taskId: string, claim: Claim): void {
    claims.set(taskId, [...(claims.get(taskId) ?? []), claim]);
  }

  async function complete(reviewer: string, token: string, taskId: string): Promise<void> {
    const reply = await send(token, 'POST', `/tasks/${taskId}/complete`, { verdict: 'approve' });
    if (reply.status === 200) {
      latencies.complete.push(reply.ms);
      completedBy.set(taskId, [...(completedBy.get(taskId) ?? []), reviewer]);
      completions += 1;
    } else if (reply.status === 409 && reply.resent) {
      // The first attempt may have committed just before the crash; the task's final state is checked below.
      tally.conflictsAfterResend += 1;
    } else {
      unexpected.push({
        reviewer,
        request: `complete ${taskId}`,
        status: reply.status,
        body: gist(reply.body),
        resent: reply.resent,
      });
    }
  }

  /**
   * Tasks the reviewer holds without knowing it: claimed by a `next` whose answer was lost in the crash. `known` are
   * the tasks it already tried to complete, so an unexpected refusal is reported once rather than retried forever.
   */
  async function recover(reviewer: string, token: string, known: Set<string>): Promise<number> {
    const reply = await send(token, 'GET', `/tasks?state=claimed&assignee=${reviewer}&limit=100`);
    if (reply.status !== 200) {
      unexpected.push({
        reviewer,
        request: 'list claimed',
        status: reply.status,
        body: gist(reply.body),
        resent: reply.resent,
      });
      return 0;
    }
    const unknown = (reply.body.items as Array<{ id: string }>).filter((task) => !known.has(task.id));
    for (const task of unknown) {
      tally.recovered += 1;
      known.add(task.id);
      recordClaim(task.id, { reviewer, via: 'recovered' });
      await complete(reviewer, token, task.id);
    }
    return unknown.length;
  }

  async function reviewer(index: number): Promise<void> {
    const sub = `drain-reviewer-${index}`;
    const token = await mintDevelopmentToken(
      { sub, roles: ['reviewer'], workflows: WORKFLOWS, ttlSeconds: 3600 },
      DEVELOPMENT_HS256_SECRET,
    );
    const known = new Set<string>();
    let idle = 0;
    while (Date.now() < deadline) {
      const next = await send(token, 'POST', '/tasks/next');
      if (next.status === 200) {
        idle = 0;
        latencies.next.push(next.ms);
        known.add(next.body.id);
        recordClaim(next.body.id, { reviewer: sub, via: 'next' });
        await complete(sub, token, next.body.id);
      } else if (next.status === 204) {
        if ((await recover(sub, token, known)) > 0) continue;
        idle += 1;
        if (idle >= 3) return;
        await sleep(250);
      } else if (next.status !== 0) {
        unexpected.push({
          reviewer: sub,
          request: 'next',
          status: next.status,
          body: gist(next.body),
          resent: next.resent,
        });
        await sleep(250);
      }
    }
  }

  async function queueCounts(token: string): Promise<{ open: number; claimed: number; escalated: number }> {
    const reply = await send(token, 'GET', '/queues');
    const totals = { open: 0, claimed: 0, escalated: 0 };
    if (reply.status !== 200 || !Array.isArray(reply.body)) {
      throw new Error(`GET /queues answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
    for (const queue of reply.body) {
      if (!WORKFLOWS.includes(queue.workflow)) continue;
      totals.open += queue.open;
      totals.claimed += queue.claimed;
      totals.escalated += queue.escalated;
    }
    return totals;
  }

  beforeAll(async () => {
    await review.start();
    await kafka.watch([Topics.decisionsFinal, Topics.reviewCompleted]);
  }, 90_000);

  afterAll(async () => {
    await kafka.close();
    await review.stop();
  });

  it(
    'hands every task to exactly one reviewer and publishes exactly one outcome per decision, through a crash',
    async () => {
      const testStarted = Date.now();
      deadline = testStarted + TIME_LIMIT_MS - 45_000;
      const lead = await mintDevelopmentToken(
        { sub: 'drain-lead', roles: ['lead'], workflows: WORKFLOWS },
        DEVELOPMENT_HS256_SECRET,
      );

      const requests = [...decisionIds].map((id, index) =>
        aReviewRequest({
          decision: aDecision({
            id,
            workflow: WORKFLOWS[index % WORKFLOWS.length],
            occurredAt: new Date().toISOString(),
          }),
          routing: aRouting({ requiredApprovals: 1, slaSeconds: 3_600 * (1 + (index % 4)) }),
          requestedAt: new Date().toISOString(),
        }),
      );
      for (let start = 0; start < TOTAL; start += 500) {
        await kafka.sendMany(
          Topics.reviewRequested,
          requests
            .slice(start, start + 500)
            .map((request) => ({ key: request.decisionId, value: JSON.stringify(request) })),
        );
      }
      let waiting = await queueCounts(lead);
      while (waiting.open < TOTAL && Date.now() < testStarted + 90_000) {
        await sleep(250);
        waiting = await queueCounts(lead);
      }
      expect(waiting).toEqual({ open: TOTAL, claimed: 0, escalated: 0 });
      const ingestedMs = Date.now() - testStarted;

      const drainStarted = Date.now();
      let crash = { at: 0, completionsBefore: 0, downMs: 0 };
      const crashMidway = async () => {
        while (completions < KILL_AFTER_COMPLETIONS && Date.now() < deadline) await sleep(10);
        const killedAt = Date.now();
        crash = { at: killedAt - drainStarted, completionsBefore: completions, downMs: 0 };
        await review.stop('SIGKILL');
        await review.start();
        crash.downMs = Date.now() - killedAt;
      };
      await Promise.all([crashMidway(), ...Array.from({ length: REVIEWERS }, (_, index) => reviewer(index))]);
      const drainMs = Date.now() - drainStarted;

      const finals = await kafka
        .waitFor(
          ours(Topics.decisionsFinal),
          TOTAL,
          Math.max(10_000, testStarted + TIME_LIMIT_MS - 15_000 - Date.now()),
        )
        .catch(() => kafka.records(ours(Topics.decisionsFinal)));
      await sleep(3_000); // duplicates, if any, would arrive now
      const finalRecords = kafka.records(ours(Topics.decisionsFinal));
      const completedRecords = kafka.records(ours(Topics.reviewCompleted));

      const requestsSent = latencies.next.length + latencies.complete.length;
      report(
        `${TOTAL} tasks ingested in ${(ingestedMs / 1000).toFixed(1)} s; drained by ${REVIEWERS} reviewers in ` +
          `${(drainMs / 1000).toFixed(1)} s = ${((TOTAL / drainMs) * 1000).toFixed(0)} tasks/s ` +
          `(${requestsSent} successful requests)`,
      );
      report(
        `kill -9 after ${crash.completionsBefore} completions at ${(crash.at / 1000).toFixed(1)} s; down ` +
          `${(crash.downMs / 1000).toFixed(1)} s until healthy`,
      );
      report(
        `latency ms: next p50 ${percentile(latencies.next, 50).toFixed(1)} p95 ${percentile(latencies.next, 95).toFixed(1)} ` +
          `p99 ${percentile(latencies.next, 99).toFixed(1)}; complete p50 ${percentile(latencies.complete, 50).toFixed(1)} ` +
          `p95 ${percentile(latencies.complete, 95).toFixed(1)} p99 ${percentile(latencies.complete, 99).toFixed(1)}`,
      );
      report(
        `network errors ${tally.networkErrors}, 429 throttled ${tally.throttled}, 5xx ${tally.serverErrors}, ` +
          `409 on a resent complete ${tally.conflictsAfterResend}, claims recovered after the crash ${tally.recovered}, ` +
          `unexpected answers ${unexpected.length}; finals ${finalRecords.length} (${finals.length} when waited), ` +
          `review.completed ${completedRecords.length}`,
      );

      // The reviewers' view: nothing odd was answered, no task was handed out twice, none completed twice.
      const unexpectedByStatus: Record<string, number> = {};
      for (const answer of unexpected) {
        const kind = `${answer.request.split(' ')[0]} ${answer.status}${answer.resent ? ' (resent)' : ''}`;
        unexpectedByStatus[kind] = (unexpectedByStatus[kind] ?? 0) + 1;
      }
      expect(unexpectedByStatus).toEqual({});
      expect(unexpected.slice(0, 3)).toEqual([]);
      expect(tally.serverErrors).toBe(0);
      expect(crash.completionsBefore).toBeGreaterThanOrEqual(KILL_AFTER_COMPLETIONS);
      expect(crash.completionsBefore).toBeLessThan(TOTAL);
      const doubleClaims = [...claims].filter(([, held]) => held.length > 1);
      expect(doubleClaims.slice(0, 10)).toEqual([]);
      const doubleCompletions = [...completedBy].filter(([, by]) => by.length > 1);
      expect(doubleCompletions.slice(0, 10)).toEqual([]);

      // The service's view: every task completed, by the one reviewer who claimed it.
      expect(await queueCounts(lead)).toEqual({ open: 0, claimed: 0, escalated: 0 });
      const completedTasks: any[] = [];
      for (const workflow of WORKFLOWS) {
        let cursor: string | null = null;
        do {
          const page: Reply = await send(
            lead,
            'GET',
            `/tasks?workflow=${workflow}&state=completed&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          expect(page.status).toBe(200);
          completedTasks.push(...page.body.items);
          cursor = page.body.nextCursor;
        } while (cursor);
      }
      expect(completedTasks).toHaveLength(TOTAL);
      expect(new Set(completedTasks.map((task) => task.decisionId))).toEqual(decisionIds);
      const misjudged = completedTasks.filter(
        (task) =>
          task.judgments.length !== 1 ||
          claims.get(task.id)?.length !== 1 ||
          task.judgments[0].reviewer !== claims.get(task.id)?.[0].reviewer,
      );
      expect(misjudged.slice(0, 5)).toEqual([]);

      // Downstream's view: exactly one final outcome and one review.completed per decision, read committed.
      expect(finalRecords).toHaveLength(TOTAL);
      expect(new Set(finalRecords.map((record) => record.key)).size).toBe(TOTAL);
      expect(new Set(finalRecords.map((record) => json<FinalDecisionV1>(record).outcome))).toEqual(
        new Set(['approved']),
      );
      expect(completedRecords).toHaveLength(TOTAL);
      expect(new Set(completedRecords.map((record) => record.key)).size).toBe(TOTAL);
      const reviewerOfTask = new Map(completedTasks.map((task) => [task.id, task.judgments[0].reviewer]));
      const strayCompletions = completedRecords
        .map((record) => json<ReviewCompletedV1>(record))
        .filter((event) => event.reviewers.length !== 1 || event.reviewers[0] !== reviewerOfTask.get(event.taskId));
      expect(strayCompletions.slice(0, 5)).toEqual([]);

      expect(Date.now() - testStarted).toBeLessThan(TIME_LIMIT_MS);
    },
    TIME_LIMIT_MS + 30_000,
  );
});
