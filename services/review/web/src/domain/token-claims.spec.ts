import { hasRole, isExpired, readToken } from './token-claims';

const jwt = (payload: object) =>
  ['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'signature'].join('.');

describe('readToken', () => {
  it('reads subject, roles and workflows the way the services do, lists or space-separated', () => {
    const user = readToken(
      jwt({ sub: 'reviewer-1', roles: 'lead offline_access', workflows: ['contract-review'], exp: 10 }),
    );
    expect(user).toEqual({
      principal: { subject: 'reviewer-1', roles: ['lead'], groups: [], workflows: ['contract-review'] },
      expiresAt: 10,
    });
    if (!user) throw new Error('token not read');
    expect(hasRole(user.principal, 'reviewer')).toBe(true);
    expect(hasRole(user.principal, 'admin')).toBe(false);
    expect(isExpired(user, 9_999)).toBe(false);
    expect(isExpired(user, 10_000)).toBe(true);
  });

  it('reads non-ASCII claims', () => {
    expect(readToken(jwt({ sub: 'zoë' }))?.principal.subject).toBe('zoë');
  });

  it.each([['not a token'], ['a.b.c'], [jwt({ roles: ['admin'] })], [jwt({ sub: 'x', roles: 5 })]])(
    'refuses %s',
    (token) => {
      expect(readToken(token)).toBeUndefined();
    },
  );
});
