import type { Principal } from './principal';
import { VerifiedTokenCache } from './verified-token-cache';

const TOLERANCE = 5;
const T0 = 1_772_442_000; // whole seconds since the epoch
const at = (seconds: number) => new Date(seconds * 1000);
const principal = (subject: string): Principal => ({ subject, roles: ['reviewer'], groups: [], workflows: ['*'] });

describe('VerifiedTokenCache', () => {
  it.each<[string, boolean, { expiresAt: number; notBefore?: number }, number]>([
    ['well before exp', true, { expiresAt: T0 + 60 }, T0],
    ['exp passed 4.999 s ago (jose counts whole seconds)', true, { expiresAt: T0 }, T0 + 4.999],
    ['exp passed exactly the tolerance ago', false, { expiresAt: T0 }, T0 + 5],
    ['exp passed long ago', false, { expiresAt: T0 }, T0 + 3600],
    ['nbf exactly the tolerance ahead', true, { expiresAt: T0 + 60, notBefore: T0 + 5 }, T0],
    ['nbf more than the tolerance ahead', false, { expiresAt: T0 + 60, notBefore: T0 + 6 }, T0],
  ])('a token with %s is answered from memory: %s', (_case, hit, window, now) => {
    const cache = new VerifiedTokenCache(10, TOLERANCE);
    cache.remember('token', { principal: principal('r'), ...window });
    expect(cache.lookup('token', at(now))).toEqual(hit ? principal('r') : undefined);
  });

  it('drops an entry found outside its window, so the caller verifies the token in full', () => {
    const cache = new VerifiedTokenCache(10, TOLERANCE);
    cache.remember('token', { principal: principal('r'), expiresAt: T0 });
    expect(cache.lookup('token', at(T0 + 5))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('answers only the exact token string', () => {
    const cache = new VerifiedTokenCache(10, TOLERANCE);
    cache.remember('header.payload.signature', { principal: principal('r'), expiresAt: T0 + 60 });
    expect(cache.lookup('header.payload.signaturE', at(T0))).toBeUndefined();
    expect(cache.lookup('header.payload.signature ', at(T0))).toBeUndefined();
  });

  it('forgets the least recently used token when full', () => {
    const cache = new VerifiedTokenCache(3, TOLERANCE);
    for (const token of ['a', 'b', 'c']) cache.remember(token, { principal: principal(token), expiresAt: T0 + 60 });
    cache.lookup('a', at(T0));
    cache.remember('d', { principal: principal('d'), expiresAt: T0 + 60 });
    expect(cache.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((token) => cache.lookup(token, at(T0))?.subject)).toEqual([
      'a',
      undefined,
      'c',
      'd',
    ]);
  });

  it('remembers nothing at size 0, but still hands back a frozen principal', () => {
    const cache = new VerifiedTokenCache(0, TOLERANCE);
    const handed = cache.remember('token', { principal: principal('r'), expiresAt: T0 + 60 });
    expect(cache.lookup('token', at(T0))).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(Object.isFrozen(handed) && Object.isFrozen(handed.roles)).toBe(true);
  });

  it('freezes the principal it hands out, arrays included', () => {
    const cache = new VerifiedTokenCache(1, TOLERANCE);
    const handed = cache.remember('token', { principal: principal('r'), expiresAt: T0 + 60 });
    const hit = cache.lookup('token', at(T0));
    expect(hit).toBe(handed);
    for (const frozen of [handed, handed.roles, handed.groups, handed.workflows])
      expect(Object.isFrozen(frozen)).toBe(true);
  });

  it.each([-1, 0.5, Number.NaN])('refuses size %p', (size) => {
    expect(() => new VerifiedTokenCache(size, TOLERANCE)).toThrow(RangeError);
  });

  it('verifies a token again once its entry is older than the maximum age, even though it has not expired', () => {
    const cache = new VerifiedTokenCache(10, TOLERANCE, 600);
    cache.remember('token', { principal: principal('r'), expiresAt: T0 + 3600, verifiedAt: T0 });
    expect(cache.lookup('token', new Date((T0 + 599) * 1000))?.subject).toBe('r');
    expect(cache.lookup('token', new Date((T0 + 600) * 1000))).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
