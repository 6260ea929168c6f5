import { aRouting } from '@countersign/contracts/testing';
import { dueForEscalation, isOverdue, slaDueAt } from './sla';
import { TaskGroup } from './review-task';
import { TaskState } from './task-state';

const requestedAt = new Date('2026-11-03T09:15:00.000Z');

describe('slaDueAt', () => {
  it.each<[string, number | undefined, number | undefined, string]>([
    ["the routed policy's SLA", 4 * 3600, undefined, '2026-11-03T13:15:00.000Z'],
    ["the workflow's fallback when routing has none", undefined, 8 * 3600, '2026-11-03T17:15:00.000Z'],
    ['24 hours when neither is known', undefined, undefined, '2026-11-04T09:15:00.000Z'],
  ])('is %s after the request', (_case, slaSeconds, fallback, due) => {
    const routing = aRouting({ slaSeconds });
    if (slaSeconds === undefined) delete routing.slaSeconds;
    expect(slaDueAt(requestedAt, routing, fallback).toISOString()).toBe(due);
  });
});

describe('isOverdue and dueForEscalation', () => {
  const dueAt = new Date('2026-11-03T13:15:00.000Z');
  const justBefore = new Date(dueAt.getTime() - 1);

  it.each<[TaskState, TaskGroup, Date, boolean, boolean]>([
    ['open', 'reviewers', justBefore, false, false],
    ['open', 'reviewers', dueAt, true, true],
    ['claimed', 'reviewers', dueAt, true, true],
    ['escalated', 'escalation', dueAt, true, false],
    ['claimed', 'escalation', dueAt, true, false],
    ['completed', 'reviewers', dueAt, false, false],
    ['cancelled', 'reviewers', dueAt, false, false],
  ])('a task %s in group %s at %s: overdue %p, to escalate %p', (state, group, now, overdue, toEscalate) => {
    expect(isOverdue({ state, dueAt }, now)).toBe(overdue);
    expect(dueForEscalation({ state, group, dueAt }, now)).toBe(toEscalate);
  });
});
