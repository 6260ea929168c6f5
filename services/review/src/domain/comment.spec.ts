import { addComment, MAX_TASK_COMMENT_LENGTH } from './comment';
import { aReviewRequest } from '@countersign/contracts/testing';
import { openTask } from './open-task';

describe('addComment', () => {
  const at = new Date('2026-11-25T10:00:00.000Z');
  const newTask = () => openTask(aReviewRequest(), { id: 'task-1', now: at });

  it('appends a trimmed comment with its author and time, one version on, and changes nothing else', () => {
    const task = newTask();
    const { task: commented, event } = addComment(task, 'anna', '  Cap looks like a typo — please check p. 17 ', at);
    expect(event).toBe('commented');
    expect(commented.comments).toEqual([{ author: 'anna', text: 'Cap looks like a typo — please check p. 17', at }]);
    expect(commented.version).toBe(task.version + 1);
    const { comments: _comments, version: _version, ...rest } = commented;
    const { comments: _none, version: _before, ...original } = task;
    expect(rest).toEqual(original);
  });

  it('keeps earlier comments in order', () => {
    const first = addComment(newTask(), 'anna', 'one', at).task;
    const second = addComment(first, 'ben', 'two', new Date(at.getTime() + 1_000)).task;
    expect(second.comments?.map((comment) => comment.text)).toEqual(['one', 'two']);
  });

  it.each(['', '   ', 'x'.repeat(MAX_TASK_COMMENT_LENGTH + 1)])('refuses an empty or too long comment', (text) => {
    expect(() => addComment(newTask(), 'anna', text, at)).toThrow(RangeError);
  });
});
