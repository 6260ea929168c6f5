import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationError, IdentityProviderUnavailableError } from './authentication-error';
import { TokenVerifier } from './token-verifier';

/** A minimal OpenID provider on 127.0.0.1: a discovery document and a JWKS that tests can change and count. */
class LocalIdentityProvider {
  readonly server: Server = createServer((request, response) => {
    this.requests.push(request.url ?? '');
    const body =
      request.url === '/.well-known/openid-configuration'
        ? this.discovery
        : request.url === '/jwks'
          ? { keys: this.keys }
          : undefined;
    const status = this.failWith ?? (body ? 200 : 404);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  requests: string[] = [];
  keys: JWK[] = [];
  failWith?: number;
  discovery: Record<string, unknown> = {};
  issuer = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.discovery = { issuer: this.issuer, jwks_uri: `${this.issuer}/jwks` };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function keyPair(alg: string, kid?: string): Promise<{ privateKey: KeyLike; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), alg, use: 'sig', ...(kid ? { kid } : {}) } };
}

const AUDIENCE = 'countersign';
const provider = new LocalIdentityProvider();
let signing: { privateKey: KeyLike; jwk: JWK };

function token(
  privateKey: KeyLike | Uint8Array,
  header: { alg: string; kid?: string; typ?: string },
  issuer = provider.issuer,
  audience = AUDIENCE,
) {
  return new SignJWT({ roles: ['lead'], workflows: 'contract-review lead-qualification', groups: ['ops'] })
    .setProtectedHeader({ typ: 'at+jwt', ...header })
    .setSubject('lead-7')
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected verification to fail');
    },
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  await provider.start();
  signing = await keyPair('RS256', 'key-1');
});

beforeEach(() => {
  provider.keys = [signing.jwk];
  provider.requests = [];
  provider.failWith = undefined;
});

afterAll(() => provider.stop());

describe('TokenVerifier (oidc, against a local JWKS)', () => {
  it("verifies an RS256 token with the provider's published key, found through discovery", async () => {
    const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE });
    await expect(verifier.verify(await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' }))).resolves.toEqual({
      subject: 'lead-7',
      roles: ['lead'],
      groups: ['ops'],
      workflows: ['contract-review', 'lead-qualification'],
    });
    await verifier.verify(await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' }));
    // Discovery and keys are fetched once, not per request.
    expect(provider.requests).toEqual(['/.well-known/openid-configuration', '/jwks']);
  });

  it('uses AUTH_JWKS_URL directly when it is set', async () => {
    const verifier = new TokenVerifier({
      mode: 'oidc',
      issuer: provider.issuer,
      audience: AUDIENCE,
      jwksUrl: `${provider.issuer}/jwks`,
    });
    await expect(
      verifier.verify(await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' })),
    ).resolves.toMatchObject({
      subject: 'lead-7',
    });
    expect(provider.requests).toEqual(['/jwks']);
  });

  it('refuses a token signed with a different key, under the same or an unknown kid', async () => {
    const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE });
    const impostor = await keyPair('RS256');
    for (const kid of ['key-1', 'key-unknown']) {
      const error = await failure(verifier.verify(await token(impostor.privateKey, { alg: 'RS256', kid })));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ reason: 'bad_signature' });
    }
  });

  it('verifies ES256 and EdDSA keys, and tries each key when a token names none', async () => {
    const ec = await keyPair('ES256', 'ec-1');
    const ed = await keyPair('EdDSA', 'ed-1');
    const unnamed = await keyPair('RS256');
    provider.keys = [signing.jwk, ec.jwk, ed.jwk, { ...unnamed.jwk }, { ...signing.jwk, kid: undefined }];
    const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE });
    await expect(verifier.verify(await token(ec.privateKey, { alg: 'ES256', kid: 'ec-1' }))).resolves.toBeDefined();
    await expect(verifier.verify(await token(ed.privateKey, { alg: 'EdDSA', kid: 'ed-1' }))).resolves.toBeDefined();
    // Without kid, three RSA keys match: the one that verifies wins.
    await expect(verifier.verify(await token(unnamed.privateKey, { alg: 'RS256' }))).resolves.toMatchObject({
      subject: 'lead-7',
    });
    const stranger = await keyPair('RS256');
    await expect(verifier.verify(await token(stranger.privateKey, { alg: 'RS256' }))).rejects.toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('refuses HS256 in oidc mode (no signing with the public key as an HMAC secret)', async () => {
    const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE });
    const hmac = new TextEncoder().encode(JSON.stringify(signing.jwk));
    await expect(verifier.verify(await token(hmac, { alg: 'HS256', kid: 'key-1' }))).rejects.toMatchObject({
      reason: 'algorithm_not_allowed',
    });
  });

  it('refuses a token from another issuer', async () => {
    const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE });
    const elsewhere = await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' }, 'https://id.example.com');
    await expect(verifier.verify(elsewhere)).rejects.toMatchObject({ reason: 'wrong_issuer' });
  });

  it("refuses the provider's ID token (typ JWT, audience the web app): only access tokens are accepted", async () => {
    const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE });
    const idToken = await token(signing.privateKey, { alg: 'RS256', kid: 'key-1', typ: 'JWT' });
    await expect(verifier.verify(idToken)).rejects.toMatchObject({ reason: 'not_an_access_token' });
    const forTheWebApp = await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' }, provider.issuer, 'review-web');
    await expect(verifier.verify(forTheWebApp)).rejects.toMatchObject({ reason: 'wrong_audience' });
  });

  it('refuses a key used for an algorithm other than the one the JWKS names for it', async () => {
    const rsa = await keyPair('RS256', 'pinned');
    provider.keys = [{ ...rsa.jwk, alg: 'RS384' }];
    const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE });
    await expect(verifier.verify(await token(rsa.privateKey, { alg: 'RS256', kid: 'pinned' }))).rejects.toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('stops trusting a key withdrawn from the JWKS within AUTH_KEY_WITHDRAWAL_SECONDS', async () => {
    const bound = 2;
    const verifier = new TokenVerifier({
      mode: 'oidc',
      issuer: provider.issuer,
      audience: AUDIENCE,
      keyWithdrawalSeconds: bound,
    });
    const successor = await keyPair('RS256', 'key-2');
    provider.keys = [signing.jwk, successor.jwk];
    const old = await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' });
    await expect(verifier.verify(old)).resolves.toMatchObject({ subject: 'lead-7' });
    // The provider rotates: key-1 is withdrawn.
    provider.keys = [successor.jwk];
    const withdrawnAt = Date.now();
    const unseenOld = await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' });
    let refusedAfterMs: number | undefined;
    while (Date.now() - withdrawnAt < bound * 1000 + 1_500) {
      const results = await Promise.allSettled([verifier.verify(old), verifier.verify(unseenOld)]);
      if (results.every((result) => result.status === 'rejected')) {
        refusedAfterMs = Date.now() - withdrawnAt;
        for (const result of results) expect(result).toMatchObject({ reason: { reason: 'bad_signature' } });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(refusedAfterMs).toBeDefined();
    expect(refusedAfterMs).toBeLessThanOrEqual(bound * 1000);
    await expect(
      verifier.verify(await token(successor.privateKey, { alg: 'RS256', kid: 'key-2' })),
    ).resolves.toMatchObject({ subject: 'lead-7' });
    // Its loop alone may take 3.5 s, and an RSA key pair more than a second on a busy machine: not jest's default 5 s.
  }, 20_000);

  it('refuses a key withdrawal bound outside 2..3600 s at construction', () => {
    for (const keyWithdrawalSeconds of [0, 1, 1.5, 3601]) {
      expect(
        () => new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE, keyWithdrawalSeconds }),
      ).toThrow(/AUTH_KEY_WITHDRAWAL_SECONDS must be a whole number of seconds from 2 to 3600/);
    }
  });

  it('reports the identity provider unavailable, then recovers once it answers', async () => {
    const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE });
    const valid = await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' });
    provider.failWith = 500;
    const error = await failure(verifier.verify(valid));
    expect(error).toBeInstanceOf(IdentityProviderUnavailableError);
    expect((error as Error).message).toMatch(/OIDC discovery at .* failed: HTTP 500/);
    provider.failWith = undefined;
    await expect(verifier.verify(valid)).resolves.toMatchObject({ subject: 'lead-7' });
  });

  it('reports the identity provider unavailable when its JWKS cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/jwks`;
    await new Promise((resolve) => closed.close(resolve));
    const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE, jwksUrl });
    const error = await failure(verifier.verify(await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' })));
    expect(error).toBeInstanceOf(IdentityProviderUnavailableError);
    expect((error as Error).message).toMatch(/could not fetch signing keys/);
  });

  it('does not trust a discovery document that names another issuer', async () => {
    provider.discovery = { ...provider.discovery, issuer: 'https://evil.example.com' };
    try {
      const verifier = new TokenVerifier({ mode: 'oidc', issuer: provider.issuer, audience: AUDIENCE });
      const error = await failure(verifier.verify(await token(signing.privateKey, { alg: 'RS256', kid: 'key-1' })));
      expect(error).toBeInstanceOf(IdentityProviderUnavailableError);
      expect((error as Error).message).toMatch(/names issuer "https:\/\/evil.example.com"/);
    } finally {
      provider.discovery = { issuer: provider.issuer, jwks_uri: `${provider.issuer}/jwks` };
    }
  });
});
