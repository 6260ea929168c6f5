import { Principal, Role } from '@countersign/auth/core';
import { authorize, mayClaim, mayReassign, mayView } from './task-access';
import { ReviewTask } from './review-task';
import { TaskAction } from './task-action';
import { NotPermitted } from './task-errors';

const person = (subject: string, roles: Role[], workflows = ['contract-review']): Principal => ({
  subject,
  roles,
  groups: [],
  workflows,
});
const anna = person('anna', ['reviewer']);
const li = person('li', ['reviewer']);
const otherWorkflow = person('omar', ['reviewer'], ['lead-qualification']);
const everyWorkflow = person('eve', ['reviewer'], ['*']);
const lead = person('lena', ['lead']);
const admin = person('ada', ['admin']);
const leadElsewhere = person('lars', ['lead'], ['lead-qualification']);
const nobody = person('nora', [], ['*']);

type Guarded = Pick<ReviewTask, 'workflow' | 'group' | 'lease'>;
const lease = (holder: string) => ({ holder, claimedAt: new Date(0), expiresAt: new Date(1) });
const waiting: Guarded = { workflow: 'contract-review', group: 'reviewers' };
const annas: Guarded = { ...waiting, lease: lease('anna') };
const escalated: Guarded = { workflow: 'contract-review', group: 'escalation' };
const lenas: Guarded = { ...escalated, lease: lease('lena') };

describe('task access', () => {
  it.each<[string, Principal, Guarded, [boolean, boolean, boolean]]>([
    // [mayView, mayClaim, mayReassign]; holding the lease is the transition's check (see authorize below)
    ['a reviewer of the workflow, a waiting task', anna, waiting, [true, true, false]],
    ['the reviewer holding the lease', anna, annas, [true, true, false]],
    ['another reviewer of the workflow, a held task', li, annas, [true, true, false]],
    ['a reviewer of another workflow', otherWorkflow, waiting, [false, false, false]],
    ['a reviewer of every workflow', everyWorkflow, waiting, [true, true, false]],
    ['someone with no role, granted every workflow', nobody, waiting, [false, false, false]],
    ['a reviewer, an escalated task', anna, escalated, [true, false, false]],
    [
      'a reviewer holding an escalated task (reassigned to her)',
      anna,
      { ...escalated, lease: lease('anna') },
      [true, false, false],
    ],
    ['a lead, an escalated task', lead, escalated, [true, true, true]],
    ['the lead holding an escalated task', lead, lenas, [true, true, true]],
    ['an admin of the workflow', admin, escalated, [true, true, true]],
    ['a lead of another workflow', leadElsewhere, escalated, [false, false, false]],
  ])('%s', (_case, principal, task, expected) => {
    expect([mayView, mayClaim, mayReassign].map((may) => may(principal, task))).toEqual(expected);
  });

  it.each<[string, Principal, TaskAction | 'view', Guarded, string | undefined]>([
    ['judges a task she holds', anna, 'judge', annas, undefined],
    // Someone else's lease is the transition's conflict (409 LeaseNotHeld), not a refusal of rights.
    ["judges another reviewer's task", li, 'judge', annas, undefined],
    ["releases another reviewer's task", li, 'release', annas, undefined],
    ['claims an escalated task as a reviewer', anna, 'claim', escalated, 'escalated tasks are for leads'],
    // Escalated (SLA) while she worked on it: her lease is gone, which the transition answers (409), not a 403.
    ['judges a task escalated from under her', anna, 'judge', escalated, undefined],
    [
      'judges an escalated task reassigned to her, as a reviewer',
      anna,
      'judge',
      { ...escalated, lease: lease('anna') },
      'escalated tasks are for leads',
    ],
    ['views a task of another workflow', otherWorkflow, 'view', waiting, 'not a reviewer of workflow contract-review'],
    ['reassigns as a reviewer', anna, 'reassign', annas, 'only a lead may'],
    ['cancels as a lead', lead, 'cancel', annas, undefined],
    ['expires a lease by hand', admin, 'expire_lease', annas, 'leases expire by themselves'],
  ])('authorize: someone %s', (_case, principal, action, task, refusal) => {
    const attempt = () => authorize(principal, action, task);
    if (refusal === undefined) {
      expect(attempt).not.toThrow();
    } else {
      expect(attempt).toThrow(NotPermitted);
      expect(attempt).toThrow(expect.objectContaining({ code: 'not_permitted', kind: 'forbidden', action }));
      expect(attempt).toThrow(refusal);
    }
  });
});
