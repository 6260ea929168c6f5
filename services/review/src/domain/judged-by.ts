import { ReviewTask } from './review-task';

/** Everyone who has judged the task so far, counting or set aside: none of them may judge it again. */
export function judgedBy(task: Pick<ReviewTask, 'judgments' | 'escalation'>): string[] {
  return [...new Set([...task.judgments, ...(task.escalation?.judgments ?? [])].map((judgment) => judgment.reviewer))];
}
