import { aReviewRequest } from '@countersign/contracts/testing';
import { claim } from '../domain/claim';
import { addComment } from '../domain/comment';
import { judge } from '../domain/judge';
import { openTask } from '../domain/open-task';
import { documentWithoutEvidence, reviveTask } from './task-document';

describe('reviveTask', () => {
  it('reads back every date of a task that went through its lifecycle', () => {
    const now = new Date('2026-11-03T10:00:00Z');
    let task = openTask(aReviewRequest(), { id: '00000000-0000-4000-8000-000000000001', now });
    task = claim(task, 'reviewer-1', now, 60_000).task;
    task = addComment(task, 'reviewer-1', 'checked the annex', new Date(now.getTime() + 1_000)).task;
    task = judge(task, 'reviewer-1', { verdict: 'approve' }, new Date(now.getTime() + 5_000)).task;
    const stored = JSON.parse(JSON.stringify(task));
    expect(reviveTask(stored)).toEqual(task);
  });
});

describe('documentWithoutEvidence', () => {
  const now = new Date('2026-11-03T10:00:00Z');
  const task = claim(
    openTask(aReviewRequest(), { id: '00000000-0000-4000-8000-000000000002', now }),
    'r-1',
    now,
    60_000,
  ).task;

  it('leaves out the decision and its routing, which the store merges back from their columns', () => {
    const document = JSON.parse(documentWithoutEvidence(task));
    expect(document).not.toHaveProperty('decision');
    expect(document).not.toHaveProperty('routing');
    const merged = { ...document, decision: JSON.parse(JSON.stringify(task.decision)), routing: task.routing };
    expect(reviveTask(merged)).toEqual(task);
  });

  it('sends well under half the bytes of the whole document', () => {
    expect(documentWithoutEvidence(task).length).toBeLessThan(JSON.stringify(task).length / 2);
  });
});
