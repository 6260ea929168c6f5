import * as jose from 'jose';
import { SignJWT, UnsecuredJWT } from 'jose';
import { AuthenticationError } from './authentication-error';
import { DEVELOPMENT_HS256_SECRET, type Hs256AuthSettings } from './auth-settings';
import { mintDevelopmentToken } from './token-minter';
import { TokenVerifier } from './token-verifier';

// jose's real functions, counted: a remembered token must not reach them again.
jest.mock('jose', () => {
  const actual = jest.requireActual<typeof import('jose')>('jose');
  return {
    ...actual,
    jwtVerify: jest.fn(actual.jwtVerify),
    decodeProtectedHeader: jest.fn(actual.decodeProtectedHeader),
  };
});
const joseVerifications = jest.mocked(jose.jwtVerify);
const joseHeaderDecodes = jest.mocked(jose.decodeProtectedHeader);

const NOW = new Date('2026-03-02T09:00:00Z');
const SECRET = 'a-test-secret-of-at-least-32-characters!';
const SETTINGS: Hs256AuthSettings = {
  mode: 'hs256',
  secret: SECRET,
  issuer: 'countersign-dev',
  audience: 'countersign',
};
const verifier = new TokenVerifier(SETTINGS, { clock: () => NOW });
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

const mint = (
  overrides: { ttlSeconds?: number; now?: Date; secret?: string; issuer?: string; audience?: string } = {},
) =>
  mintDevelopmentToken(
    {
      sub: 'reviewer-1',
      roles: ['reviewer'],
      groups: ['team-a'],
      workflows: ['contract-review'],
      ttlSeconds: overrides.ttlSeconds,
    },
    overrides.secret ?? SECRET,
    { now: overrides.now ?? NOW, issuer: overrides.issuer, audience: overrides.audience },
  );

/** Signs arbitrary claims and header with the right secret, for tokens the minter would never produce. */
/** `typ` null leaves the header without one. */
const sign = (claims: Record<string, unknown>, alg = 'HS256', typ: string | null = 'at+jwt') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg, ...(typ === null ? {} : { typ }) })
    .sign(new TextEncoder().encode(SECRET));

async function refusal(token: string, using = verifier): Promise<AuthenticationError> {
  const error = await using.verify(token).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return error as AuthenticationError;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('TokenVerifier (hs256)', () => {
  it('turns a valid development token into the principal it names', async () => {
    await expect(verifier.verify(await mint())).resolves.toEqual({
      subject: 'reviewer-1',
      roles: ['reviewer'],
      groups: ['team-a'],
      workflows: ['contract-review'],
    });
  });

  it('verifies the token of an Authorization header', async () => {
    await expect(verifier.verifyAuthorization(`Bearer ${await mint()}`)).resolves.toMatchObject({
      subject: 'reviewer-1',
    });
    await expect(verifier.verifyAuthorization(undefined)).rejects.toMatchObject({ reason: 'missing' });
  });

  it('refuses an expired token, allowing 5 s of clock skew', async () => {
    const issuedTwoHoursAgo = new Date(NOW.getTime() - 7_200_000);
    expect((await refusal(await mint({ now: issuedTwoHoursAgo, ttlSeconds: 3600 }))).reason).toBe('expired');

    const expiredFourSecondsAgo = await mint({ now: new Date(NOW.getTime() - 64_000), ttlSeconds: 60 });
    await expect(verifier.verify(expiredFourSecondsAgo)).resolves.toMatchObject({ subject: 'reviewer-1' });
    const expiredSixSecondsAgo = await mint({ now: new Date(NOW.getTime() - 66_000), ttlSeconds: 60 });
    expect((await refusal(expiredSixSecondsAgo)).reason).toBe('expired');
  });

  it('refuses a token signed with another secret (forged)', async () => {
    const forged = await mint({ secret: DEVELOPMENT_HS256_SECRET });
    const error = await refusal(forged);
    expect(error.reason).toBe('bad_signature');
    expect(error.message).toBe('token signature does not verify');
  });

  it('refuses a token whose claims were edited after signing (reviewer promoted to admin)', async () => {
    const [header, payload, signature] = (await mint()).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = [header, b64({ ...claims, roles: ['admin'] }), signature].join('.');
    expect((await refusal(tampered)).reason).toBe('bad_signature');
  });

  it.each(['none', 'None', 'NONE'])('refuses an unsigned token (alg "%s")', async (alg) => {
    const claims = {
      sub: 'attacker',
      roles: ['admin'],
      iss: 'countersign-dev',
      aud: 'countersign',
      exp: seconds(NOW) + 60,
    };
    const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}.`;
    expect((await refusal(unsigned)).reason).toBe('unsigned');
  });

  it("refuses jose's own unsecured JWT encoding", async () => {
    const unsigned = new UnsecuredJWT({ roles: ['admin'] })
      .setSubject('attacker')
      .setIssuer('countersign-dev')
      .setAudience('countersign')
      .setExpirationTime(seconds(NOW) + 60)
      .encode();
    expect((await refusal(unsigned)).reason).toBe('unsigned');
  });

  it('refuses an HS256 header with the signature stripped', async () => {
    const [header, payload] = (await mint()).split('.');
    expect((await refusal(`${header}.${payload}.`)).reason).toBe('bad_signature');
  });

  it('refuses algorithms other than HS256, even with the right secret', async () => {
    const hs512 = await sign({ sub: 'r', iss: 'countersign-dev', aud: 'countersign', exp: seconds(NOW) + 60 }, 'HS512');
    expect((await refusal(hs512)).reason).toBe('algorithm_not_allowed');
  });

  it('refuses a token from another issuer or for another audience', async () => {
    expect((await refusal(await mint({ issuer: 'someone-else' }))).reason).toBe('wrong_issuer');
    expect((await refusal(await mint({ audience: 'another-api' }))).reason).toBe('wrong_audience');
  });

  it('does not check issuer and audience when they are not configured', async () => {
    const lenient = new TokenVerifier({ mode: 'hs256', secret: SECRET }, { clock: () => NOW });
    await expect(lenient.verify(await mint({ issuer: 'anyone', audience: 'anything' }))).resolves.toMatchObject({
      subject: 'reviewer-1',
    });
  });

  it('refuses a token without expiry, one not valid yet, and one without subject', async () => {
    const base = { iss: 'countersign-dev', aud: 'countersign' };
    expect((await refusal(await sign({ ...base, sub: 'r' }))).reason).toBe('invalid_claims');
    const notYet = await sign({ ...base, sub: 'r', nbf: seconds(NOW) + 60, exp: seconds(NOW) + 120 });
    expect((await refusal(notYet)).reason).toBe('not_yet_valid');
    expect((await refusal(await sign({ ...base, exp: seconds(NOW) + 60 }))).reason).toBe('invalid_claims');
  });

  it.each(['', 'not-a-jwt', 'a.b.c', `${b64({ alg: 'HS256' })}.e30`, 'x'.repeat(5000)])(
    'refuses garbage as malformed (%#)',
    async (token) => {
      expect((await refusal(token)).reason).toBe('malformed');
    },
  );

  it('refuses a token that is not an access token (typ at+jwt, RFC 9068): an ID token, a plain JWT', async () => {
    const claims = { sub: 'r', iss: 'countersign-dev', aud: 'countersign', exp: seconds(NOW) + 60 };
    for (const typ of ['JWT', null, 'id_token+jwt', 'at+jwt+evil']) {
      const error = await refusal(await sign(claims, 'HS256', typ));
      expect([typ, error.reason]).toEqual([typ, 'not_an_access_token']);
      expect(error.message).toMatch(/not an access token/);
    }
    // RFC 9068 §4 allows the media type's long form.
    await expect(verifier.verify(await sign(claims, 'HS256', 'application/at+jwt'))).resolves.toMatchObject({
      subject: 'r',
    });
  });

  it('refuses a token whose header says RS256, even with a valid HMAC under the secret (no HS/RS confusion)', async () => {
    const claims = { sub: 'r', iss: 'countersign-dev', aud: 'countersign', exp: seconds(NOW) + 60 };
    const genuine = await sign(claims);
    const [, payload] = genuine.split('.');
    const header = b64({ alg: 'RS256', typ: 'at+jwt' });
    const { createHmac } = await import('node:crypto');
    const mac = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
    expect((await refusal(`${header}.${payload}.${mac}`)).reason).toBe('algorithm_not_allowed');
  });

  it('refuses a secret shorter than 32 characters at construction', () => {
    expect(() => new TokenVerifier({ mode: 'hs256', secret: 'short' })).toThrow(/at least 32 characters/);
  });
});

describe('TokenVerifier remembers verified tokens', () => {
  let now: Date;
  const at = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000);
  const remembering = (verifiedTokenCacheSize?: number) =>
    new TokenVerifier(SETTINGS, { clock: () => now, verifiedTokenCacheSize });
  const tokenOf = (sub: string, ttlSeconds = 3600) =>
    mintDevelopmentToken({ sub, roles: ['reviewer'], workflows: ['contract-review'], ttlSeconds }, SECRET, {
      now: NOW,
    });

  beforeEach(() => {
    now = NOW;
    joseVerifications.mockClear();
    joseHeaderDecodes.mockClear();
  });

  it('verifies a token once: the same token again is answered without jose', async () => {
    const cached = remembering();
    const token = await tokenOf('reviewer-1');
    const first = await cached.verify(token);
    const again = await cached.verifyAuthorization(`Bearer ${token}`);
    expect(again).toEqual(first);
    expect(again).toMatchObject({ subject: 'reviewer-1', roles: ['reviewer'], workflows: ['contract-review'] });
    expect(joseVerifications).toHaveBeenCalledTimes(1);
    expect(joseHeaderDecodes).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once it expires beyond the tolerance, with the same error as an unseen one', async () => {
    const cached = remembering();
    const token = await tokenOf('reviewer-1', 60);
    await cached.verify(token);

    now = at(64); // exp + 4 s: inside the 5 s tolerance, still answered from memory
    await expect(cached.verify(token)).resolves.toMatchObject({ subject: 'reviewer-1' });
    expect(joseVerifications).toHaveBeenCalledTimes(1);

    now = at(65); // exp + 5 s: expired for jose
    const fromCache = await refusal(token, cached);
    const unseen = await refusal(token, remembering(0));
    expect(fromCache).toMatchObject({ reason: 'expired', message: 'token has expired' });
    expect({ reason: fromCache.reason, message: fromCache.message }).toEqual({
      reason: unseen.reason,
      message: unseen.message,
    });
    // And it stays refused: the refusal is not remembered as anything.
    expect((await refusal(token, cached)).reason).toBe('expired');
  });

  it('refuses a remembered token while it is not yet valid (nbf) by the clock', async () => {
    const cached = remembering();
    const notBefore = seconds(NOW) + 3; // within the tolerance at NOW
    const token = await sign({
      sub: 'r',
      iss: 'countersign-dev',
      aud: 'countersign',
      nbf: notBefore,
      exp: notBefore + 600,
    });
    await expect(cached.verify(token)).resolves.toMatchObject({ subject: 'r' });

    now = at(-10); // the clock stepped back: nbf is 13 s ahead, beyond the tolerance
    expect((await refusal(token, cached)).reason).toBe('not_yet_valid');
  });

  it('refuses a token with one character of its signature changed, right after the genuine one was remembered', async () => {
    const cached = remembering();
    const genuine = await tokenOf('reviewer-1');
    await cached.verify(genuine);
    const [header, payload, signature] = genuine.split('.');
    // The first character, not the last: the last one's low bits are padding and may not change the bytes.
    const tampered = [header, payload, `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`].join('.');

    const error = await refusal(tampered, cached);
    expect(error).toMatchObject({ reason: 'bad_signature', message: 'token signature does not verify' });
    expect(joseVerifications).toHaveBeenCalledTimes(2);
    await expect(cached.verify(genuine)).resolves.toMatchObject({ subject: 'reviewer-1' });
    expect(joseVerifications).toHaveBeenCalledTimes(2);
  });

  it('never remembers a refusal', async () => {
    const cached = remembering();
    const foreign = await mint({ issuer: 'someone-else' });
    expect((await refusal(foreign, cached)).reason).toBe('wrong_issuer');
    expect((await refusal(foreign, cached)).reason).toBe('wrong_issuer');
    expect(joseVerifications).toHaveBeenCalledTimes(2);
  });

  it('forgets the least recently used token when full', async () => {
    const cached = remembering(2);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => tokenOf(sub)));
    await cached.verify(a);
    await cached.verify(b);
    await cached.verify(a); // a is now more recent than b
    await cached.verify(c); // full: b goes
    expect(joseVerifications).toHaveBeenCalledTimes(3);

    await cached.verify(a);
    await cached.verify(c);
    expect(joseVerifications).toHaveBeenCalledTimes(3);
    await expect(cached.verify(b)).resolves.toMatchObject({ subject: 'b' });
    expect(joseVerifications).toHaveBeenCalledTimes(4);
  });

  it('remembers nothing with verifiedTokenCacheSize 0', async () => {
    const uncached = remembering(0);
    const token = await tokenOf('reviewer-1');
    await uncached.verify(token);
    await uncached.verify(token);
    expect(joseVerifications).toHaveBeenCalledTimes(2);
  });

  it('hands out a frozen principal, so one handler cannot change what later requests see', async () => {
    const cached = remembering();
    const token = await tokenOf('reviewer-1');
    const principal = await cached.verify(token);
    expect(() => principal.roles.push('admin')).toThrow(TypeError);
    expect(() => principal.workflows.push('*')).toThrow(TypeError);
    expect(() => {
      principal.subject = 'someone-else';
    }).toThrow(TypeError);
    await expect(cached.verify(token)).resolves.toEqual({
      subject: 'reviewer-1',
      roles: ['reviewer'],
      groups: [],
      workflows: ['contract-review'],
    });
  });

  it('refuses a cache size that is not a whole number ≥ 0 at construction', () => {
    expect(() => remembering(-1)).toThrow(RangeError);
    expect(() => remembering(1.5)).toThrow(RangeError);
  });
});

describe('mintDevelopmentToken', () => {
  it('defaults to a one-hour reviewer access token for the default issuer and audience', async () => {
    const token = await mintDevelopmentToken({ sub: 'reviewer-2' }, SECRET, { now: NOW });
    expect(jose.decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toEqual({
      sub: 'reviewer-2',
      roles: ['reviewer'],
      groups: [],
      workflows: [],
      iss: 'countersign-dev',
      aud: 'countersign',
      iat: seconds(NOW),
      exp: seconds(NOW) + 3600,
    });
  });

  it('refuses bad input instead of minting a token no service accepts', async () => {
    await expect(mintDevelopmentToken({ sub: ' ' }, SECRET)).rejects.toThrow('sub must not be empty');
    await expect(mintDevelopmentToken({ sub: 'r', ttlSeconds: 0 }, SECRET)).rejects.toThrow(/ttlSeconds/);
    await expect(mintDevelopmentToken({ sub: 'r', roles: ['root' as never] }, SECRET)).rejects.toThrow(/unknown role/);
    await expect(mintDevelopmentToken({ sub: 'r' }, 'short')).rejects.toThrow(/at least 32 characters/);
  });
});
