import { ReviewTask } from './review-task';

export type QueuedTask = Pick<ReviewTask, 'id' | 'dueAt' | 'errorCost' | 'createdAt'>;

/**
 * The order reviewers' queues are worked in, for `Array.prototype.sort`: the earliest due first; among those due at
 * the same time the costliest error first (tasks without a cost after those with one); then the longest waiting;
 * then by id, so the order is total and the same on every replica.
 */
export function queueOrder(a: QueuedTask, b: QueuedTask): number {
  return (
    a.dueAt.getTime() - b.dueAt.getTime() ||
    byCostDescending(a.errorCost, b.errorCost) ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function byCostDescending(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a > b ? -1 : a < b ? 1 : 0;
}
