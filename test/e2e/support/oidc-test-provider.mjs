// A real, certified OpenID provider (panva/oidc-provider) for the sign-in end-to-end test: its own login and consent
// pages (devInteractions: any login, any password), one public client for the reviewer web app (Authorization Code,
// PKCE required, refresh tokens), and JWT access tokens (typ at+jwt, RFC 9068) for the Countersign API through
// Resource Indicators (RFC 8707). Plain ESM because oidc-provider is ESM-only; started as a child process by
// oidc-test-provider.ts. Test-only: development interactions accept anyone.
//
// Environment: OIDC_PORT, OIDC_APP_ORIGIN (the web app's origin), OIDC_CLIENT_ID, OIDC_AUDIENCE (aud of access
// tokens), OIDC_ACCESS_TOKEN_TTL (seconds), OIDC_ACCOUNTS (JSON: login -> { roles, workflows }).
// POST /__test/rotate: the provider starts signing with a new key and withdraws every older one from its JWKS
// (sessions, grants and refresh tokens survive: every instance uses the same in-memory store).
import { Provider, errors } from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const appOrigin = process.env.OIDC_APP_ORIGIN;
const clientId = process.env.OIDC_CLIENT_ID ?? 'countersign-review';
const audience = process.env.OIDC_AUDIENCE ?? 'countersign';
const accessTokenTtl = Number(process.env.OIDC_ACCESS_TOKEN_TTL ?? 300);
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}');
const resource = `urn:countersign:${audience}`;
const apiScope = 'review';

/** One store for all instances, so a rotation keeps sessions, grants and refresh tokens (test only: memory). */
const sharedStore = createMemoryAdapter(0);

let generation = 0;
function signingKey() {
  generation += 1;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `test-key-${generation}`, alg: 'RS256', use: 'sig' };
}

function configuredProvider(key) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${appOrigin}/auth/callback`],
        post_logout_redirect_uris: [`${appOrigin}/`],
      },
    ],
    adapter: sharedStore,
    jwks: { keys: [key] },
    cookies: { keys: ['countersign-oidc-test-cookies-not-secret'] },
    scopes: ['openid', 'offline_access', 'profile', apiScope],
    claims: { openid: ['sub'], profile: ['name'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return {
            scope: apiScope,
            audience,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, name: id }) }),
    // The claims Countersign reads from an access token (libs/auth principalFromClaims).
    extraTokenClaims: (_ctx, token) => {
      const account = accounts[token.accountId];
      return account ? { roles: account.roles, workflows: account.workflows } : undefined;
    },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: () => true,
    ttl: {
      AccessToken: accessTokenTtl,
      IdToken: 3600,
      RefreshToken: 3600,
      Session: 3600,
      Grant: 3600,
      Interaction: 600,
    },
  });
  return provider;
}

let current = configuredProvider(signingKey());
const server = createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/__test/rotate') {
    const key = signingKey();
    current = configuredProvider(key);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kid: key.kid }));
    return;
  }
  current.callback()(request, response);
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`oidc-test-provider ready at ${issuer}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
