import { bearerTokenFrom } from './bearer-token';

describe('bearerTokenFrom', () => {
  it('takes the token after a case-insensitive Bearer scheme', () => {
    expect(bearerTokenFrom('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenFrom('bearer   abc.def.ghi ')).toBe('abc.def.ghi');
    expect(bearerTokenFrom(['Bearer first', 'Bearer second'])).toBe('first');
  });

  it.each([
    ['no header', undefined, 'missing'],
    ['an empty header', '   ', 'missing'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'missing'],
    ['a bare token without scheme', 'abc.def.ghi', 'missing'],
    ['Bearer without a token', 'Bearer', 'malformed'],
    ['Bearer with two tokens', 'Bearer abc def', 'malformed'],
  ])('refuses %s (%s)', (_case, header, reason) => {
    expect(() => bearerTokenFrom(header)).toThrow(expect.objectContaining({ reason }));
  });
});
