import { SignJWT, UnsecuredJWT } from 'jose';
import { AuthenticationError } from './authentication-error';
import { DEVELOPMENT_HS256_SECRET, type Hs256AuthSettings } from './auth-settings';
import { mintDevelopmentToken } from './token-minter';
import { TokenVerifier } from './token-verifier';

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
const sign = (claims: Record<string, unknown>, alg = 'HS256') =>
  new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(SECRET));

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

  it('refuses a secret shorter than 32 characters at construction', () => {
    expect(() => new TokenVerifier({ mode: 'hs256', secret: 'short' })).toThrow(/at least 32 characters/);
  });
});

describe('mintDevelopmentToken', () => {
  it('defaults to a one-hour reviewer token for the default issuer and audience', async () => {
    const token = await mintDevelopmentToken({ sub: 'reviewer-2' }, SECRET, { now: NOW });
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
