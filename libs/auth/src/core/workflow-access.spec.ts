import fc from 'fast-check';
import { ALL_WORKFLOWS, type Principal, ROLES, type Role } from './principal';
import { decideAccess, grantedWorkflows, WORKFLOW_OPERATIONS, type WorkflowOperation } from './workflow-access';

const who = (roles: Role[], workflows: string[]): Principal => ({ subject: 'p', roles, groups: [], workflows });

describe('decideAccess: roles × scopes × operations', () => {
  it.each([
    // operation, roles, workflows, target, allowed or the reason
    ['policy.change', ['admin'], ['a'], 'a', true],
    ['policy.change', ['admin'], ['a'], 'b', 'workflow_not_granted'],
    ['policy.change', ['admin'], [], 'a', 'workflow_not_granted'],
    ['policy.change', ['lead'], ['a'], 'a', 'insufficient_role'],
    ['policy.change', ['admin'], ['*'], 'b', true],
    ['policy.read', ['lead'], ['a'], 'a', true],
    ['policy.read', ['reviewer'], ['a'], 'a', 'insufficient_role'],
    ['task.work', ['reviewer'], ['a'], 'a', true],
    ['task.work', ['reviewer'], ['b'], 'a', 'workflow_not_granted'],
    ['trail.read', ['lead'], ['a', 'b', 'c'], ALL_WORKFLOWS, 'not_all_workflows'],
    ['trail.read', ['lead'], ['*'], ALL_WORKFLOWS, true],
    ['trail.read', ['reviewer'], ['*'], ALL_WORKFLOWS, 'insufficient_role'],
    // An `all` operation ignores the target it is given: only `*` passes.
    ['checkpoint.issue', ['admin'], ['a'], 'a', 'not_all_workflows'],
    ['checkpoint.issue', ['admin'], ['*'], 'a', true],
    // A workflow operation asked for every workflow at once is a chain-wide one.
    ['report.read', ['lead'], ['a'], ALL_WORKFLOWS, 'not_all_workflows'],
  ] as Array<[WorkflowOperation, Role[], string[], string, true | string]>)(
    '%s by %j of %j on %s → %s',
    (operation, roles, workflows, target, expected) => {
      const decision = decideAccess(who(roles, workflows), operation, target);
      if (expected === true) expect(decision).toEqual({ allowed: true });
      else expect(decision).toMatchObject({ allowed: false, reason: expected });
    },
  );

  it('never lets a role widen the workflows, nor a workflow grant raise the role (property)', () => {
    const operations = Object.keys(WORKFLOW_OPERATIONS) as WorkflowOperation[];
    const names = fc.constantFrom('a', 'b', 'c', ALL_WORKFLOWS);
    fc.assert(
      fc.property(
        fc.constantFrom(...operations),
        fc.subarray([...ROLES]),
        fc.uniqueArray(names, { maxLength: 3 }),
        names,
        (operation, roles, workflows, target) => {
          const rule = WORKFLOW_OPERATIONS[operation];
          const principal = who(roles, workflows);
          const rank = Math.max(0, ...roles.map((role) => ROLES.indexOf(role) + 1));
          const roleOk = rank >= ROLES.indexOf(rule.role) + 1;
          const all = workflows.includes(ALL_WORKFLOWS);
          const scopeOk = rule.scope === 'all' || target === ALL_WORKFLOWS ? all : all || workflows.includes(target);
          expect(decideAccess(principal, operation, target).allowed).toBe(roleOk && scopeOk);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('grantedWorkflows', () => {
  it('is every workflow for *, the named ones otherwise, none below the role', () => {
    expect(grantedWorkflows(who(['lead'], ['*']), 'policy.read')).toBeUndefined();
    expect(grantedWorkflows(who(['lead'], ['a', 'b']), 'policy.read')).toEqual(['a', 'b']);
    expect(grantedWorkflows(who(['reviewer'], ['*']), 'policy.read')).toEqual([]);
  });
});
