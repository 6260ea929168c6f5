import {
  AuthConfigurationError,
  authSettingsFromVariables,
  checkAuthSettings,
  DEVELOPMENT_HS256_SECRET,
  usesDevelopmentSecret,
} from './auth-settings';

describe('authSettingsFromVariables', () => {
  it('defaults to hs256 with the development secret, issuer and audience', () => {
    const settings = authSettingsFromVariables({});
    expect(settings).toEqual({
      mode: 'hs256',
      secret: DEVELOPMENT_HS256_SECRET,
      issuer: 'countersign-dev',
      audience: 'countersign',
    });
    expect(usesDevelopmentSecret(settings)).toBe(true);
  });

  it('treats empty variables as not set', () => {
    expect(authSettingsFromVariables({ AUTH_MODE: '', AUTH_HS256_SECRET: '' })).toMatchObject({
      mode: 'hs256',
      secret: DEVELOPMENT_HS256_SECRET,
    });
  });

  it('reads oidc settings, with the JWKS URL optional', () => {
    expect(
      authSettingsFromVariables({
        AUTH_MODE: 'oidc',
        AUTH_ISSUER: 'https://id.example.com/realms/ops',
        AUTH_AUDIENCE: 'api',
      }),
    ).toEqual({ mode: 'oidc', issuer: 'https://id.example.com/realms/ops', audience: 'api' });
  });

  it('reads the key withdrawal bound, and refuses one that is not 2..3600 whole seconds', () => {
    const oidc = { AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example.com', AUTH_AUDIENCE: 'api' };
    expect(authSettingsFromVariables({ ...oidc, AUTH_KEY_WITHDRAWAL_SECONDS: '30' })).toMatchObject({
      keyWithdrawalSeconds: 30,
    });
    for (const value of ['1', 'soon', '7200']) {
      const settings = authSettingsFromVariables({ ...oidc, AUTH_KEY_WITHDRAWAL_SECONDS: value });
      expect(() => checkAuthSettings(settings)).toThrow(/AUTH_KEY_WITHDRAWAL_SECONDS must be a whole number/);
    }
  });

  it('refuses an unknown mode', () => {
    expect(() => authSettingsFromVariables({ AUTH_MODE: 'basic' })).toThrow(/AUTH_MODE must be one of hs256, oidc/);
  });
});

describe('checkAuthSettings', () => {
  it('refuses an HS256 secret shorter than 32 characters without printing it', () => {
    const attempt = () => checkAuthSettings({ mode: 'hs256', secret: 'hunter2-is-not-enough' });
    expect(attempt).toThrow(AuthConfigurationError);
    expect(attempt).toThrow('AUTH_HS256_SECRET must be at least 32 characters (got 21)');
  });

  it.each<[string, { issuer: string; jwksUrl?: string }]>([
    ['an http issuer off localhost', { issuer: 'http://id.example.com' }],
    ['a relative issuer', { issuer: 'countersign-dev' }],
    ['an http JWKS URL off localhost', { issuer: 'https://id.example.com', jwksUrl: 'http://id.example.com/jwks' }],
  ])('refuses oidc settings with %s', (_case, urls) => {
    expect(() => checkAuthSettings({ mode: 'oidc', audience: 'api', ...urls })).toThrow(/must be an https URL/);
  });

  it('accepts https, and http on loopback', () => {
    expect(() => checkAuthSettings({ mode: 'oidc', issuer: 'https://id.example.com', audience: 'api' })).not.toThrow();
    expect(() =>
      checkAuthSettings({ mode: 'oidc', issuer: 'http://127.0.0.1:8080/realms/dev', audience: 'api' }),
    ).not.toThrow();
  });
});
