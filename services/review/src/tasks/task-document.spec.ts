import { aReviewRequest } from '@countersign/contracts/testing';
import { claim } from '../domain/claim';
import { addComment } from '../domain/comment';
import { judge } from '../domain/judge';
import { openTask } from '../domain/open-task';
import { reviveTask } from './task-document';

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
