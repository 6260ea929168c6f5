import { ReviewTask } from './review-task';
import { TaskTransition } from './task-transition';

/** A note on a task (not a verdict's comment, which may be longer: MAX_VERDICT_COMMENT_LENGTH). */
export const MAX_TASK_COMMENT_LENGTH = 2_000;

/**
 * A note on the task by anyone who may see it (a question for the lead, context for the next reviewer), in any state:
 * a finished task can still be annotated. Comments never change the decision or the verdicts.
 */
export function addComment(task: ReviewTask, author: string, text: string, now: Date): TaskTransition<'commented'> {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_TASK_COMMENT_LENGTH) {
    throw new RangeError(`a comment holds 1 to ${MAX_TASK_COMMENT_LENGTH} characters`);
  }
  const comments = [...(task.comments ?? []), { author, text: trimmed, at: now }];
  return { task: { ...task, comments, version: task.version + 1 }, event: 'commented' };
}
