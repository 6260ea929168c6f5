import { Topics } from '@countersign/contracts';
import { eventually, json, KafkaProbe, readInfrastructure, ServiceProcess, testPortOffset } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { Page, Request } from 'playwright-core';
import { launchHeadlessChromium } from './support/headless-chromium';
import { OidcTestProvider } from './support/oidc-test-provider';

// Sign-in as production does it, in a real browser against a real, certified OpenID provider (oidc-provider): the
// reviewer goes through the provider's own login and consent pages (Authorization Code + PKCE, state, nonce), reviews
// with the JWT access token (typ at+jwt) the services verify against the provider's JWKS, keeps working past that
// token's expiry because the app renews it, survives the provider withdrawing its signing key — which the services
// stop honouring within AUTH_KEY_WITHDRAWAL_SECONDS — and signs out at the provider.

const workflow = `oidc-e2e-${randomUUID().slice(0, 8)}`;
const ACCESS_TOKEN_TTL = 20;
const RENEW_BEFORE_EXPIRY = 8;
const KEY_WITHDRAWAL_SECONDS = 6;
const address = (port: number) => `http://127.0.0.1:${port + testPortOffset}`;

function decision(index: number) {
  return {
    schemaVersion: 1,
    id: `oidc-e2e-${index}-${randomUUID()}`,
    workflow,
    model: { name: 'contract-extractor', version: '2026.11' },
    confidence: 0.55,
    output: { counterparty: 'Acme GmbH', termMonths: 24 },
    input: { documentId: `msa-${index}` },
    attributes: { amount: 1_000 },
    flags: [],
    occurredAt: new Date().toISOString(),
  };
}

interface JwtParts {
  header: { kid?: string; typ?: string; alg?: string };
  claims: { sub?: string; exp: number; aud?: unknown; roles?: string[] };
}
const decode = (token: string): JwtParts => {
  const [header, claims] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
  return { header, claims };
};

describe('reviewer sign-in through a real OpenID provider, in headless Chromium', () => {
  const infrastructure = readInfrastructure();
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const provider = new OidcTestProvider({
    port: 23012,
    appOrigin: address(23010),
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL,
    accounts: { 'oidc-lead': { roles: ['lead'], workflows: [workflow] } },
  });
  const oidc = {
    AUTH_MODE: 'oidc',
    AUTH_ISSUER: provider.issuer,
    AUTH_AUDIENCE: 'countersign',
    AUTH_KEY_WITHDRAWAL_SECONDS: String(KEY_WITHDRAWAL_SECONDS),
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'e2e-oidc',
  };
  const review = new ServiceProcess('review', 23010, {
    ...oidc,
    REVIEW_UI_ROUTER_URL: address(23011),
    REVIEW_UI_FEEDBACK_URL: 'http://127.0.0.1:9',
    REVIEW_UI_AUDIT_URL: 'http://127.0.0.1:9',
    REVIEW_UI_OIDC_ISSUER: provider.issuer,
    REVIEW_UI_OIDC_CLIENT_ID: provider.clientId,
    REVIEW_UI_OIDC_SCOPE: 'openid profile offline_access review',
    REVIEW_UI_OIDC_RENEW_SECONDS: String(RENEW_BEFORE_EXPIRY),
  });
  const router = new ServiceProcess('router', 23011, { ...oidc, CORS_ORIGINS: address(23010) });
  let browser: Awaited<ReturnType<typeof launchHeadlessChromium>>;
  let page: Page;
  /** Every bearer token the browser sent to the review API, in order, with the time it was sent. */
  const sentTokens: Array<{ token: string; at: number }> = [];
  const providerRequests: Request[] = [];
  const requestedAt = new Map<Request, number>();

  beforeAll(async () => {
    await provider.start();
    await router.start();
    await review.start();
    await kafka.watch([Topics.reviewCompleted]);
    browser = await launchHeadlessChromium();
    page = await browser.context.newPage();
    page.on('request', (request) => {
      const authorization = request.headers().authorization;
      if (request.url().startsWith(`${review.baseUrl}/api/`) && authorization?.startsWith('Bearer ')) {
        sentTokens.push({ token: authorization.slice('Bearer '.length), at: Date.now() });
      }
      if (request.url().startsWith(provider.issuer)) {
        providerRequests.push(request);
        requestedAt.set(request, Date.now());
      }
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await kafka.close();
    await Promise.all([review.stop(), router.stop()]);
    await provider.stop();
  });

  const tokenRequests = (grant: string) =>
    providerRequests.filter(
      (request) => request.url() === `${provider.issuer}/token` && request.postData()?.includes(`grant_type=${grant}`),
    );
  const lastToken = () => sentTokens[sentTokens.length - 1]?.token ?? '';
  const completedBy = async (decisionId: string) => {
    const [record] = await kafka.waitFor((r) => r.topic === Topics.reviewCompleted && r.key === decisionId, 1);
    return json(record) as { verdict: string; reviewers?: string[]; reviewerId?: string };
  };
  const approveCurrentTask = async (): Promise<string> => {
    const title = await page.locator('#task-title').innerText();
    const decisionId = title.split(' · ')[1];
    await page.keyboard.press('a');
    await page.keyboard.press('Enter');
    const done = page.locator('#task-title', { hasNotText: decisionId }).or(page.getByText('nothing to review'));
    // Approving fast makes the rubber-stamp guard ask once more; after a long look it does not.
    await done.or(page.locator('.rubber-stamp')).first().waitFor();
    if (await page.locator('.rubber-stamp').isVisible()) await page.keyboard.press('Enter');
    await done.first().waitFor();
    return decisionId;
  };

  it('signs in with the code flow and PKCE, reviews, renews the token, outlives a key rotation, signs out', async () => {
    const decisions = [decision(1), decision(2), decision(3), decision(4)];
    for (const sent of decisions) await kafka.send(Topics.decisions, sent.id, JSON.stringify(sent));

    // The app offers the organisation's sign-in; the provider's own login and consent pages follow.
    await page.goto(`${review.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in with your organisation' }).click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.locator('input[name="login"]').fill('oidc-lead');
    await page.locator('input[name="password"]').fill('any password: development interactions');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Your queues' }).waitFor();
    expect(page.url()).toBe(`${review.baseUrl}/`);

    const authorizeUrl = providerRequests
      .find((request) => request.url().startsWith(`${provider.issuer}/auth?`))
      ?.url();
    const authorize = new URL(authorizeUrl ?? 'about:blank');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: `${review.baseUrl}/auth/callback`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.stringMatching(/.{16,}/),
      nonce: expect.stringMatching(/.{32,}/),
    });
    const [codeExchange] = tokenRequests('authorization_code');
    expect(codeExchange.postData()).toMatch(/code_verifier=[A-Za-z0-9_-]{43,}/);

    // A review with the provider's access token: an at+jwt for the Countersign API, signed with the first key.
    await eventually(
      async () => (await page.getByRole('row', { name: new RegExp(workflow) }).count()) > 0 || undefined,
    );
    await page.keyboard.press('1');
    await page.locator('#task-title').waitFor();
    const first = decode(lastToken());
    expect(first).toMatchObject({
      header: { typ: 'at+jwt', alg: 'RS256', kid: 'test-key-1' },
      claims: { sub: 'oidc-lead', aud: 'countersign', roles: ['lead'] },
    });
    const firstReviewed = await approveCurrentTask();
    expect(await completedBy(firstReviewed)).toMatchObject({ verdict: 'approve' });

    // Renewal: the app trades its refresh token before the access token expires, and keeps working after that expiry.
    await eventually(async () => tokenRequests('refresh_token').length > 0 || undefined, (ACCESS_TOKEN_TTL + 5) * 1000);
    const renewedBeforeExpiryMs = first.claims.exp * 1000 - (requestedAt.get(tokenRequests('refresh_token')[0]) ?? 0);
    expect(renewedBeforeExpiryMs).toBeGreaterThan(0);
    await eventually(async () => Date.now() > (first.claims.exp + 1) * 1000 || undefined, 30_000);
    const secondReviewed = await approveCurrentTask();
    expect(await completedBy(secondReviewed)).toMatchObject({ verdict: 'approve' });
    const renewed = decode(lastToken());
    expect(renewed.claims.exp).toBeGreaterThan(first.claims.exp);
    console.log(`token renewed ${renewedBeforeExpiryMs} ms before the first access token expired`);

    // Key rotation: the provider withdraws test-key-1. A token signed with it — the browser's, still unexpired —
    // is refused by the review service within the stated bound.
    const held = lastToken();
    expect(decode(held).header.kid).toBe('test-key-1');
    const withHeld = () => fetch(`${review.baseUrl}/api/v1/queues`, { headers: { authorization: `Bearer ${held}` } });
    expect((await withHeld()).status).toBe(200);
    const newKid = await provider.rotateKeys();
    const rotatedAt = Date.now();
    await eventually(
      async () => (await withHeld()).status === 401 || undefined,
      (KEY_WITHDRAWAL_SECONDS + 5) * 1000,
      100,
    );
    const refusedAfterMs = Date.now() - rotatedAt;
    console.log(`withdrawn key refused ${refusedAfterMs} ms after rotation (bound ${KEY_WITHDRAWAL_SECONDS} s)`);
    expect(refusedAfterMs).toBeLessThanOrEqual(KEY_WITHDRAWAL_SECONDS * 1000 + 200);
    expect(decode(held).claims.exp * 1000).toBeGreaterThan(Date.now());

    // The reviewer notices nothing: the refused request is renewed once and sent again, signed with the new key.
    const thirdReviewed = await approveCurrentTask();
    expect(await completedBy(thirdReviewed)).toMatchObject({ verdict: 'approve' });
    expect(decode(lastToken()).header.kid).toBe(newKid);

    // Sign-out ends the session at the provider too, and the app is back at its sign-in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/session/end`));
    await page.getByRole('button', { name: /Yes, sign me out/i }).click();
    await page.getByRole('button', { name: 'Sign in with your organisation' }).waitFor();
    expect(
      await page.evaluate<string[]>("Object.keys(sessionStorage).filter((key) => key.startsWith('oidc.user:'))"),
    ).toEqual([]);
  }, 180_000);
});
