import { aReviewRequest, aRouting } from '@countersign/contracts/testing';
import fc from 'fast-check';
import { cancel } from './cancel';
import { claim } from './claim';
import { escalate } from './escalate';
import { expire } from './expire';
import { expireLease } from './expire-lease';
import { jsonEqual } from './json-equal';
import { judge } from './judge';
import { openTask } from './open-task';
import { quorumReachable } from './quorum';
import { reassign } from './reassign';
import { release } from './release';
import { renewLease } from './renew-lease';
import { ReviewTask } from './review-task';
import { scheduledTransitions } from './scheduled-transitions';
import { TASK_ACTIONS, TaskAction } from './task-action';
import { addComment } from './comment';
import { IllegalTransition, TaskError } from './task-errors';
import { TaskEvent, TaskTransition } from './task-transition';
import { isFinal } from './task-state';
import { VerdictInput } from './verdict';

const T0 = new Date('2026-11-03T09:15:00.150Z');
const LEASE_MS = 60_000;
// Short enough that random sequences (up to 40 steps of up to two leases) reach escalation and expiry by time too.
// Windows from a few minutes (random sequences reach escalation and expiry by time) to an hour (they reach completion
// before it): each run draws one, so every state is reached.
const windows = fc.record({
  slaSeconds: fc.constantFrom(120, 300, 3_600),
  expirySeconds: fc.constantFrom(60, 240, 3_600),
  safeDefault: fc.constantFrom('reject' as const, 'hold' as const),
});
const PEOPLE = ['anna', 'li', 'omar', 'lead-1', 'lead-2'];
const HOLDER = 'the lease holder';
const VERDICTS: VerdictInput[] = [
  { verdict: 'approve' },
  { verdict: 'reject', reasonCode: 'incorrect' },
  { verdict: 'correct', correction: { governingLaw: 'Austria' } },
  { verdict: 'correct', correction: { governingLaw: 'Switzerland' } },
];

interface Step {
  action: TaskAction;
  actor: string;
  other: string;
  verdict: VerdictInput;
  afterMs: number;
}

const step: fc.Arbitrary<Step> = fc.record({
  action: fc.constantFrom(...TASK_ACTIONS),
  // Half the time, whoever holds the lease: so that verdicts, renewals and releases often succeed.
  actor: fc.oneof(fc.constant(HOLDER), fc.constantFrom(...PEOPLE)),
  other: fc.constantFrom(...PEOPLE),
  verdict: fc.constantFrom(...VERDICTS),
  afterMs: fc.integer({ min: 0, max: 2 * LEASE_MS }),
});

function apply(task: ReviewTask, { action, actor: who, other, verdict }: Step, now: Date): TaskTransition {
  const actor = who === HOLDER ? (task.lease?.holder ?? 'anna') : who;
  switch (action) {
    case 'claim':
      return claim(task, actor, now, LEASE_MS);
    case 'renew_lease':
      return renewLease(task, actor, now, LEASE_MS);
    case 'release':
      return release(task, actor);
    case 'expire_lease':
      return expireLease(task, now);
    case 'expire':
      return expire(task, now);
    case 'judge':
      return judge(task, actor, verdict, now);
    case 'escalate':
      return escalate(task, 'sla_breached', now);
    case 'reassign':
      return reassign(task, actor, other, now, LEASE_MS);
    case 'cancel':
      return cancel(task, actor, now);
    case 'comment':
      return addComment(task, actor, `note by ${actor}`, now);
  }
}

/** The events that give a review task's decision its final outcome (terminal-outcome.ts, review-outcome-events.ts). */
const FINAL_EVENTS: TaskEvent[] = ['completed', 'expired', 'cancelled'];

/** What must hold of a task whatever happened to it. */
function expectConsistent(task: ReviewTask, requiredApprovals: number): void {
  expect(task.lease !== undefined).toBe(task.state === 'claimed');
  expect(task.outcome !== undefined).toBe(task.state === 'completed');
  expect(task.cancellation !== undefined).toBe(task.state === 'cancelled');
  expect(task.expiry !== undefined).toBe(task.state === 'expired');
  expect(task.group === 'escalation').toBe(task.escalation !== undefined);
  if (task.state === 'open') expect(task.group).toBe('reviewers');
  if (task.state === 'escalated') expect(task.group).toBe('escalation');

  const counted = task.judgments.map((judgment) => judgment.reviewer);
  const setAside = (task.escalation?.judgments ?? []).map((judgment) => judgment.reviewer);
  expect(new Set([...counted, ...setAside]).size).toBe(counted.length + setAside.length);
  for (const judgment of task.judgments) {
    expect(judgment.verdict).toBe(task.judgments[0].verdict);
    if (judgment.verdict === 'correct' && task.judgments[0].verdict === 'correct') {
      expect(jsonEqual(judgment.correction, task.judgments[0].correction)).toBe(true);
    }
  }
  if (task.state === 'completed') {
    expect(task.judgments).toHaveLength(requiredApprovals);
    expect(task.outcome?.reviewers).toEqual(counted);
  } else {
    expect(task.judgments.length).toBeLessThan(requiredApprovals);
  }
}

describe('the task state machine, over any sequence of actions', () => {
  it('refuses only with typed errors, never mutates, and keeps every invariant', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(step, { maxLength: 40 }),
        windows,
        (requiredApprovals, steps, window) => {
          const request = aReviewRequest({ routing: aRouting({ ...window, requiredApprovals }) });
          let task = openTask(request, { id: 'task-1', now: T0 });
          let now = T0.getTime();
          for (const next of steps) {
            now += next.afterMs;
            const before = structuredClone(task);
            let transition: TaskTransition;
            try {
              transition = apply(task, next, new Date(now));
            } catch (error) {
              expect(error).toBeInstanceOf(TaskError);
              if (isFinal(task.state) && next.action !== 'comment') expect(error).toBeInstanceOf(IllegalTransition);
              expect(task).toEqual(before);
              continue;
            }
            expect(task).toEqual(before);
            expect(transition.task.version).toBe(task.version + 1);
            expect(transition.task.decision).toEqual(request.decision);
            expectConsistent(transition.task, requiredApprovals);
            task = transition.task;
          }
          reached.add(task.state);
        },
      ),
      { numRuns: 500 },
    );
    // The sequences must get everywhere, or the invariants above were checked on open tasks only.
    expect([...reached].sort()).toEqual(['cancelled', 'claimed', 'completed', 'escalated', 'expired', 'open']);
  });

  it('from every reachable state, time alone leads to exactly one final outcome, by the expiry time at the latest', () => {
    const reached = new Set<string>();
    const people = fc.array(step, { maxLength: 40 });
    const ticks = fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        people,
        ticks,
        windows,
        (requiredApprovals, steps, tickMs, window) => {
          const routing = aRouting({ ...window, requiredApprovals });
          let task = openTask(aReviewRequest({ routing }), { id: 't', now: T0 });
          const events: TaskEvent[] = [];
          let now = T0.getTime();
          // People act (and the scheduler runs between their actions), then they stop: from here on only time passes.
          for (const next of steps) {
            now += next.afterMs;
            for (const scheduled of scheduledTransitions(task, new Date(now))) {
              events.push(scheduled.event);
              task = scheduled.task;
            }
            try {
              const transition = apply(task, next, new Date(now));
              if (next.action === 'expire') continue; // the scheduler's own action, tried by a person: refused above
              events.push(transition.event);
              task = transition.task;
            } catch (error) {
              expect(error).toBeInstanceOf(TaskError);
            }
          }
          reached.add(task.state);
          const expiresAt = task.expiresAt.getTime();
          // The scheduler's sweeps at random moments, the last one past the expiry time.
          for (const tick of [...tickMs, expiresAt - now + 1]) {
            now = Math.max(now + tick, now);
            for (const scheduled of scheduledTransitions(task, new Date(now))) {
              if (now < expiresAt) expect(isFinal(scheduled.task.state)).toBe(false);
              events.push(scheduled.event);
              task = scheduled.task;
            }
          }
          expect(isFinal(task.state)).toBe(true);
          expect(events.filter((event) => FINAL_EVENTS.includes(event))).toHaveLength(1);
          expect(scheduledTransitions(task, new Date(now + 365 * 24 * 3600_000))).toEqual([]);
          if (task.state === 'expired') expect(task.expiry?.outcome).toBe(window.safeDefault);
        },
      ),
      // 1,000: at 500, a run on 2026-12-06 drew no sequence that completed the task before time took over.
      { numRuns: 1_000 },
    );
    expect([...reached].sort()).toEqual(['cancelled', 'claimed', 'completed', 'escalated', 'expired', 'open']);
  });

  it('escalates at once exactly when the approvals lacking outnumber the people who may still give them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (requiredApprovals, reviewers, leads) => {
          const task = openTask(aReviewRequest({ routing: aRouting({ requiredApprovals }) }), { id: 't', now: T0 });
          expect(quorumReachable(task, { reviewers, leads })).toBe(reviewers + leads >= requiredApprovals);
          const withLeads = escalate(task, 'quorum_unreachable', T0).task;
          expect(quorumReachable(withLeads, { reviewers, leads })).toBe(leads >= requiredApprovals);
          expect(quorumReachable(task, undefined)).toBe(true);
        },
      ),
    );
  });

  it('completes once as many distinct reviewers as required give the same verdict', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.constantFrom(...VERDICTS), (requiredApprovals, verdict) => {
        let task = openTask(aReviewRequest({ routing: aRouting({ requiredApprovals }) }), { id: 't', now: T0 });
        for (const [i, reviewer] of PEOPLE.slice(0, requiredApprovals).entries()) {
          const now = new Date(T0.getTime() + i * LEASE_MS);
          task = judge(claim(task, reviewer, now, LEASE_MS).task, reviewer, verdict, now).task;
        }
        expect(task.state).toBe('completed');
      }),
    );
  });
});
