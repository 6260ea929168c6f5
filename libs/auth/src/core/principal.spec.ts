import { AuthenticationError } from './authentication-error';
import { hasAnyRole, hasRole, mayReviewWorkflow, type Principal, principalFromClaims, type Role } from './principal';

const principal = (roles: Role[], workflows: string[] = []): Principal => ({
  subject: 'reviewer-1',
  roles,
  groups: [],
  workflows,
});

describe('principalFromClaims', () => {
  it('maps sub, roles, groups and workflows', () => {
    expect(
      principalFromClaims({
        sub: 'reviewer-1',
        roles: ['reviewer', 'lead'],
        groups: ['team-a'],
        workflows: ['contract-review'],
      }),
    ).toEqual({
      subject: 'reviewer-1',
      roles: ['reviewer', 'lead'],
      groups: ['team-a'],
      workflows: ['contract-review'],
    });
  });

  it.each([
    ['space separated', 'contract-review lead-qualification'],
    ['comma separated', 'contract-review,lead-qualification'],
    ['comma and space separated, with repeats', ' contract-review, lead-qualification ,contract-review '],
  ])('accepts workflows as a %s string', (_case, workflows) => {
    expect(principalFromClaims({ sub: 'r', workflows }).workflows).toEqual(['contract-review', 'lead-qualification']);
  });

  it('treats absent list claims as empty: authenticated, but allowed nothing', () => {
    const bare = principalFromClaims({ sub: 'r' });
    expect(bare).toEqual({ subject: 'r', roles: [], groups: [], workflows: [] });
    expect(hasRole(bare, 'reviewer')).toBe(false);
  });

  it("ignores role names it does not know (identity providers' own roles)", () => {
    expect(principalFromClaims({ sub: 'r', roles: 'offline_access reviewer superuser Admin' }).roles).toEqual([
      'reviewer',
    ]);
  });

  it.each([
    ['no sub', { roles: ['admin'] }],
    ['an empty sub', { sub: '  ' }],
    ['a numeric sub', { sub: 42 }],
    ['roles that are not strings', { sub: 'r', roles: [1, 2] }],
    ['workflows as an object', { sub: 'r', workflows: { 'contract-review': true } }],
  ])('refuses claims with %s as invalid_claims', (_case, claims) => {
    expect(() => principalFromClaims(claims)).toThrow(
      expect.objectContaining({ name: AuthenticationError.name, reason: 'invalid_claims' }),
    );
  });
});

describe('hasRole', () => {
  it.each<[Role[], Role, boolean]>([
    [['reviewer'], 'reviewer', true],
    [['reviewer'], 'lead', false],
    [['reviewer'], 'admin', false],
    [['lead'], 'reviewer', true],
    [['lead'], 'admin', false],
    [['admin'], 'reviewer', true],
    [['admin'], 'lead', true],
    [['reviewer', 'admin'], 'admin', true],
    [[], 'reviewer', false],
  ])('a principal with %j has %s: %s (admin ⊇ lead ⊇ reviewer)', (roles, role, expected) => {
    expect(hasRole(principal(roles), role)).toBe(expected);
  });

  it('hasAnyRole is satisfied by one of the roles', () => {
    expect(hasAnyRole(principal(['lead']), ['admin', 'lead'])).toBe(true);
    expect(hasAnyRole(principal(['reviewer']), ['admin', 'lead'])).toBe(false);
  });
});

describe('mayReviewWorkflow', () => {
  it.each<[string, boolean, Principal]>([
    ['a reviewer of the workflow', true, principal(['reviewer'], ['contract-review'])],
    ['a reviewer of another workflow', false, principal(['reviewer'], ['lead-qualification'])],
    ['a reviewer of every workflow (*)', true, principal(['reviewer'], ['*'])],
    ['a lead of the workflow', true, principal(['lead'], ['contract-review'])],
    ['an admin not granted the workflow', false, principal(['admin'], [])],
    ['someone granted the workflow but holding no role', false, principal([], ['contract-review'])],
  ])('contract-review for %s: %s', (_case, expected, who) => {
    expect(mayReviewWorkflow(who, 'contract-review')).toBe(expected);
  });
});
