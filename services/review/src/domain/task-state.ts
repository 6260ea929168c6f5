/** Where a review task is in its life. The state machine that moves between them arrives with issue #4. */
export const TASK_STATES = ['open', 'claimed', 'completed', 'escalated', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];
