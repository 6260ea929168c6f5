import { aReviewRequest } from '@countersign/contracts/testing';
import { cancel } from './cancel';
import { addComment } from './comment';
import { claim } from './claim';
import { escalate } from './escalate';
import { expire } from './expire';
import { expireLease } from './expire-lease';
import { judge } from './judge';
import { openTask } from './open-task';
import { reassign } from './reassign';
import { release } from './release';
import { renewLease } from './renew-lease';
import { ReviewTask } from './review-task';
import { TASK_ACTIONS, TaskAction } from './task-action';
import { IllegalTransition } from './task-errors';
import { TaskState } from './task-state';
import { TaskTransition } from './task-transition';

const T0 = new Date('2026-11-03T09:15:00.150Z');
const LEASE_MS = 15 * 60_000;
const at = (ms: number): Date => new Date(T0.getTime() + ms);

// Tasks in every state: anna holds the claimed ones from 1 s on; the request asks for four-eyes.
const open = openTask(aReviewRequest(), { id: 'task-1', now: T0 });
const claimed = claim(open, 'anna', at(1_000), LEASE_MS).task;
const escalated = escalate(open, 'sla_breached', at(1_000)).task;
const claimedByLead = claim(escalated, 'anna', at(1_000), LEASE_MS).task;
const single = openTask(aReviewRequest({ routing: { ...aReviewRequest().routing, requiredApprovals: 1 } }), {
  id: 'task-2',
  now: T0,
});
const completed = judge(
  claim(single, 'anna', at(1_000), LEASE_MS).task,
  'anna',
  { verdict: 'approve' },
  at(2_000),
).task;
const cancelled = cancel(open, 'lead', at(1_000)).task;
// Far past any SLA and expiry window the tests' requests carry.
const LATE = 400 * 24 * 3600_000;
const expired = expire(open, at(LATE)).task;

const tasks: Record<string, ReviewTask> = { open, claimed, escalated, claimedByLead, completed, cancelled, expired };

// Each action as a person or the scheduler would do it to a task in any state, at 2 s (inside anna's lease); the
// lease sweep runs at the moment anna's lease ends.
const actions: Record<TaskAction, (task: ReviewTask) => TaskTransition> = {
  claim: (task) => claim(task, 'li', at(2_000), LEASE_MS),
  renew_lease: (task) => renewLease(task, 'anna', at(2_000), LEASE_MS),
  release: (task) => release(task, 'anna'),
  expire_lease: (task) => expireLease(task, at(1_000 + LEASE_MS)),
  expire: (task) => expire(task, at(LATE)),
  judge: (task) => judge(task, 'anna', { verdict: 'approve' }, at(2_000)),
  escalate: (task) => escalate(task, 'sla_breached', at(2_000)),
  reassign: (task) => reassign(task, 'lead', 'li', at(2_000), LEASE_MS),
  cancel: (task) => cancel(task, 'lead', at(2_000)),
  comment: (task) => addComment(task, 'li', 'see annex B', at(2_000)),
};

const X = 'illegal';
type Outcome = TaskState | typeof X;

// The state each action leads to from each state, or `illegal`.
const table: Record<TaskAction, Record<keyof typeof tasks, Outcome>> = {
  claim: {
    open: 'claimed',
    claimed: X,
    escalated: 'claimed',
    claimedByLead: X,
    completed: X,
    cancelled: X,
    expired: X,
  },
  renew_lease: {
    open: X,
    claimed: 'claimed',
    escalated: X,
    claimedByLead: 'claimed',
    completed: X,
    cancelled: X,
    expired: X,
  },
  release: {
    open: X,
    claimed: 'open',
    escalated: X,
    claimedByLead: 'escalated',
    completed: X,
    cancelled: X,
    expired: X,
  },
  expire_lease: {
    open: X,
    claimed: 'open',
    escalated: X,
    claimedByLead: 'escalated',
    completed: X,
    cancelled: X,
    expired: X,
  },
  judge: { open: X, claimed: 'open', escalated: X, claimedByLead: 'escalated', completed: X, cancelled: X, expired: X },
  // Time alone: any unfinished task expires at its expiry time, whoever holds it.
  expire: {
    open: 'expired',
    claimed: 'expired',
    escalated: 'expired',
    claimedByLead: 'expired',
    completed: X,
    cancelled: X,
    expired: X,
  },
  escalate: {
    open: 'escalated',
    claimed: 'escalated',
    escalated: X,
    claimedByLead: X,
    completed: X,
    cancelled: X,
    expired: X,
  },
  reassign: {
    open: 'claimed',
    claimed: 'claimed',
    escalated: 'claimed',
    claimedByLead: 'claimed',
    completed: X,
    cancelled: X,
    expired: X,
  },
  cancel: {
    open: 'cancelled',
    claimed: 'cancelled',
    escalated: 'cancelled',
    claimedByLead: 'cancelled',
    completed: X,
    cancelled: X,
    expired: X,
  },
  // A note changes no state, whatever the state.
  comment: {
    open: 'open',
    claimed: 'claimed',
    escalated: 'escalated',
    claimedByLead: 'claimed',
    completed: 'completed',
    cancelled: 'cancelled',
    expired: 'expired',
  },
};

const cases = TASK_ACTIONS.flatMap((action) =>
  Object.keys(tasks).map((name) => [action, name, table[action][name]] as const),
);

describe('the task state machine, every action from every state', () => {
  it('starts from the states it claims to', () => {
    expect(Object.fromEntries(Object.entries(tasks).map(([name, task]) => [name, [task.state, task.group]]))).toEqual({
      open: ['open', 'reviewers'],
      claimed: ['claimed', 'reviewers'],
      escalated: ['escalated', 'escalation'],
      claimedByLead: ['claimed', 'escalation'],
      completed: ['completed', 'reviewers'],
      cancelled: ['cancelled', 'reviewers'],
      expired: ['expired', 'reviewers'],
    });
  });

  it("lets nobody claim, renew, reassign or judge a task once its expiry time has come: it is the sweep's", () => {
    const late = claimed.expiresAt;
    // Anna's lease still runs: only the task's time is up.
    const heldLong: ReviewTask = { ...claimed, lease: { holder: 'anna', claimedAt: at(1_000), expiresAt: at(LATE) } };
    const refused = [
      () => claim(open, 'li', late, LEASE_MS),
      () => renewLease(heldLong, 'anna', late, LEASE_MS),
      () => reassign(open, 'lead', 'li', late, LEASE_MS),
      () => judge(heldLong, 'anna', { verdict: 'approve' }, late),
    ];
    for (const attempt of refused) expect(attempt).toThrow(/expiry time .* has passed/);
  });

  it('does not expire a task before its expiry time, and expires it at that time exactly', () => {
    expect(() => expire(open, new Date(open.expiresAt.getTime() - 1))).toThrow(IllegalTransition);
    const { task, event } = expire(claimed, claimed.expiresAt);
    expect(event).toBe('expired');
    expect(task.expiry).toEqual({ at: claimed.expiresAt, outcome: claimed.safeDefault });
    expect(task.lease).toBeUndefined();
  });

  it.each(cases)('%s on a task %s: %s', (action, name, expected) => {
    const before = tasks[name];
    const attempt = () => actions[action](before);
    if (expected === X) {
      expect(attempt).toThrow(IllegalTransition);
      expect(attempt).toThrow(expect.objectContaining({ from: before.state, action, code: 'illegal_transition' }));
    } else {
      const { task } = attempt();
      expect(task.state).toBe(expected);
      expect(task.version).toBe(before.version + 1);
      expect(task.lease !== undefined).toBe(expected === 'claimed');
      expect(task.decision).toEqual(before.decision);
    }
  });
});
