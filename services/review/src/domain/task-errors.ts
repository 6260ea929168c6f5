import { TaskAction } from './task-action';
import { TaskState } from './task-state';

/**
 * What kind of refusal a task error is, for the one place that maps errors to responses: `conflict` (409, the task is
 * not in a state that allows it), `forbidden` (403, not this principal) or `invalid` (400, the request itself).
 */
export type TaskErrorKind = 'conflict' | 'forbidden' | 'invalid';

/** One field of a request and what is wrong with it: the shape of `fieldErrors` in every 400 the services return. */
export interface FieldError {
  field: string;
  errors: string[];
}

/** Every refusal the task state machine and its access rules make. Nothing is refused silently. */
export abstract class TaskError extends Error {
  abstract readonly code: string;
  abstract readonly kind: TaskErrorKind;
}

/** The action is not possible from the task's state (e.g. judging an open task, claiming a completed one). */
export class IllegalTransition extends TaskError {
  readonly code = 'illegal_transition';
  readonly kind = 'conflict';

  constructor(
    readonly from: TaskState,
    readonly action: TaskAction,
    detail?: string,
  ) {
    super(`cannot ${action.replaceAll('_', ' ')} a task that is ${from}${detail ? `: ${detail}` : ''}`);
    this.name = 'IllegalTransition';
  }
}

/** The actor does not hold the task's lease: someone else claimed it. */
export class LeaseNotHeld extends TaskError {
  readonly code = 'lease_not_held';
  readonly kind = 'conflict';

  constructor(
    readonly taskId: string,
    readonly actor: string,
  ) {
    super(`${actor} does not hold the lease on task ${taskId}`);
    this.name = 'LeaseNotHeld';
  }
}

/** The actor's lease ran out; the task is available to others again, so the actor must claim it anew. */
export class LeaseExpired extends TaskError {
  readonly code = 'lease_expired';
  readonly kind = 'conflict';

  constructor(
    readonly taskId: string,
    readonly expiredAt: Date,
  ) {
    super(`the lease on task ${taskId} expired at ${expiredAt.toISOString()}`);
    this.name = 'LeaseExpired';
  }
}

/** Four-eyes: the reviewer already judged this task, and one person can never give two of its approvals. */
export class AlreadyJudgedByReviewer extends TaskError {
  readonly code = 'already_judged_by_reviewer';
  readonly kind = 'conflict';

  constructor(
    readonly taskId: string,
    readonly reviewer: string,
  ) {
    super(`${reviewer} has already judged task ${taskId}; another reviewer must`);
    this.name = 'AlreadyJudgedByReviewer';
  }
}

/** The principal may not do this to this task: not their workflow, or it needs a lead. */
export class NotPermitted extends TaskError {
  readonly code = 'not_permitted';
  readonly kind = 'forbidden';

  constructor(
    readonly action: TaskAction | 'view',
    readonly subject: string,
    readonly reason: string,
  ) {
    super(`${subject} may not ${action.replaceAll('_', ' ')} this task: ${reason}`);
    this.name = 'NotPermitted';
  }
}

/** The verdict cannot be accepted as given; `fieldErrors` says what to fix, field by field (all of them at once). */
export class InvalidVerdict extends TaskError {
  readonly code = 'invalid_verdict';
  readonly kind = 'invalid';

  constructor(readonly fieldErrors: FieldError[]) {
    super(`invalid verdict: ${fieldErrors.map((e) => `${e.field}: ${e.errors.join(', ')}`).join('; ')}`);
    this.name = 'InvalidVerdict';
  }
}
