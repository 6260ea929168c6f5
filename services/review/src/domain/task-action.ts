/**
 * What can be done to a review task. People do most of them (`comment` changes nothing but the task's notes); `expire_lease` and `escalate` are also done by the
 * scheduler (lease sweeps, SLA breaches); `expire` only by the scheduler (the expiry window is over).
 */
export const TASK_ACTIONS = [
  'claim',
  'renew_lease',
  'release',
  'expire_lease',
  'expire',
  'judge',
  'escalate',
  'reassign',
  'cancel',
  'comment',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
