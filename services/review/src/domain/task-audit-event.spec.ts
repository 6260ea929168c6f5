import { AuditEventV1, validateEvent } from '@countersign/contracts';
import { aReviewRequest } from '@countersign/contracts/testing';
import { cancel } from './cancel';
import { claim } from './claim';
import { escalate } from './escalate';
import { expireLease } from './expire-lease';
import { judge } from './judge';
import { openTask } from './open-task';
import { reassign } from './reassign';
import { release } from './release';
import { renewLease } from './renew-lease';
import { taskAuditEvent } from './task-audit-event';
import { TaskTransition } from './task-transition';

const T0 = new Date('2026-11-03T09:15:00.150Z');
const LEASE_MS = 60_000;
const later = (ms: number): Date => new Date(T0.getTime() + ms);
const stamp = { eventId: '6f1c2a7e-3b9d-4c1e-9a2f-8d7e6c5b4a39', actor: 'anna', occurredAt: later(5_000) };

const created = openTask(aReviewRequest(), { id: 'task-1', now: T0 });
const claimed = claim(created, 'anna', T0, LEASE_MS).task;
const recorded = judge(claimed, 'anna', { verdict: 'approve' }, later(1_000)).task;
const relayed = claim(recorded, 'li', later(2_000), LEASE_MS).task;

const transitions: [string, TaskTransition, Record<string, unknown>][] = [
  [
    'task.created',
    { task: created, event: 'created' },
    { dueAt: '2026-11-03T13:15:00.150Z', requiredApprovals: 2, errorCost: null },
  ],
  [
    'task.claimed',
    claim(created, 'anna', T0, LEASE_MS),
    { holder: 'anna', leaseExpiresAt: '2026-11-03T09:16:00.150Z' },
  ],
  ['task.claimed', renewLease(claimed, 'anna', later(10_000), LEASE_MS), { holder: 'anna' }],
  ['task.claimed', reassign(created, 'lena', 'li', T0, LEASE_MS), { holder: 'li', assignedBy: 'lena' }],
  ['task.released', release(claimed, 'anna'), {}],
  ['task.released', expireLease(claimed, later(LEASE_MS)), {}],
  [
    'task.released',
    judge(claimed, 'anna', { verdict: 'approve' }, later(1_000)),
    { judgments: [{ reviewer: 'anna', verdict: 'approve', givenAt: '2026-11-03T09:15:01.150Z' }] },
  ],
  [
    'task.completed',
    judge(relayed, 'li', { verdict: 'approve' }, later(3_000)),
    { verdict: 'approve', reviewers: ['anna', 'li'] },
  ],
  [
    'task.escalated',
    judge(relayed, 'li', { verdict: 'reject', reasonCode: 'incorrect' }, later(3_000)),
    {
      reason: 'disagreement',
      setAside: [
        { reviewer: 'anna', verdict: 'approve' },
        { reviewer: 'li', verdict: 'reject' },
      ],
    },
  ],
  ['task.escalated', escalate(created, 'sla_breached', later(1_000)), { reason: 'sla_breached', setAside: [] }],
  ['task.cancelled', cancel(created, 'lena', later(1_000), 'duplicate decision'), { reason: 'duplicate decision' }],
];

describe('taskAuditEvent', () => {
  it.each(transitions)('records %s with what happened', (type, transition, details) => {
    const event = taskAuditEvent(transition, stamp);
    expect(event).toMatchObject({
      schemaVersion: 1,
      eventId: stamp.eventId,
      type,
      decisionId: created.decisionId,
      workflow: 'contract-review',
      actor: 'anna',
      source: 'review',
      occurredAt: '2026-11-03T09:15:05.150Z',
      data: {
        event: transition.event,
        taskId: 'task-1',
        kind: 'review',
        state: transition.task.state,
        group: transition.task.group,
        version: transition.task.version,
        ...details,
      },
    });
    expect(validateEvent(AuditEventV1, event)).toMatchObject({ ok: true });
    // Plain JSON only: what is published is what a compliance team reads back.
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });
});
