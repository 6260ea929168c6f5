import { aReviewRequest, aRouting } from '@countersign/contracts/testing';
import fc from 'fast-check';
import { cancel } from './cancel';
import { claim } from './claim';
import { escalate } from './escalate';
import { expireLease } from './expire-lease';
import { jsonEqual } from './json-equal';
import { judge } from './judge';
import { openTask } from './open-task';
import { reassign } from './reassign';
import { release } from './release';
import { renewLease } from './renew-lease';
import { ReviewTask } from './review-task';
import { TASK_ACTIONS, TaskAction } from './task-action';
import { addComment } from './comment';
import { IllegalTransition, TaskError } from './task-errors';
import { TaskTransition } from './task-transition';
import { VerdictInput } from './verdict';

const T0 = new Date('2026-11-03T09:15:00.150Z');
const LEASE_MS = 60_000;
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

/** What must hold of a task whatever happened to it. */
function expectConsistent(task: ReviewTask, requiredApprovals: number): void {
  expect(task.lease !== undefined).toBe(task.state === 'claimed');
  expect(task.outcome !== undefined).toBe(task.state === 'completed');
  expect(task.cancellation !== undefined).toBe(task.state === 'cancelled');
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
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(step, { maxLength: 40 }), (requiredApprovals, steps) => {
        const request = aReviewRequest({ routing: aRouting({ requiredApprovals }) });
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
            if (task.state === 'completed' || task.state === 'cancelled')
              expect(error).toBeInstanceOf(IllegalTransition);
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
      }),
      { numRuns: 500 },
    );
    // The sequences must get everywhere, or the invariants above were checked on open tasks only.
    expect([...reached].sort()).toEqual(['cancelled', 'claimed', 'completed', 'escalated', 'open']);
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
