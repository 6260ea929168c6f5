import { validateEnvironment } from '@countersign/platform';
import { DEVELOPMENT_HS256_SECRET } from '../core/auth-settings';
import { AuthEnvironment } from './auth-environment';

class ReviewerApiEnvironment extends AuthEnvironment {
  override PORT = 3002;
}

describe('AuthEnvironment', () => {
  it('adds the AUTH_* defaults to the platform ones (in development mode)', () => {
    expect(validateEnvironment(ReviewerApiEnvironment, { COUNTERSIGN_DEVELOPMENT: 'true' })).toMatchObject({
      KAFKA_BROKERS: '127.0.0.1:9092',
      PORT: 3002,
      AUTH_MODE: 'hs256',
      AUTH_HS256_SECRET: DEVELOPMENT_HS256_SECRET,
      AUTH_ISSUER: 'countersign-dev',
      AUTH_AUDIENCE: 'countersign',
    });
  });

  it('refuses the public development secret outside development mode, naming the variable', () => {
    for (const variables of [
      {},
      { COUNTERSIGN_DEVELOPMENT: 'false' },
      { AUTH_HS256_SECRET: DEVELOPMENT_HS256_SECRET },
    ]) {
      expect(() => validateEnvironment(ReviewerApiEnvironment, variables)).toThrow(
        /AUTH_HS256_SECRET: holds the public development default/,
      );
    }
    // The message never prints the secret itself.
    expect(() => validateEnvironment(ReviewerApiEnvironment, {})).not.toThrow(DEVELOPMENT_HS256_SECRET);
    const own = validateEnvironment(ReviewerApiEnvironment, { AUTH_HS256_SECRET: 'x'.repeat(40) });
    expect(own.AUTH_HS256_SECRET).toBe('x'.repeat(40));
  });

  it('does not ask for an HS256 secret in OIDC mode, where it is never read', () => {
    expect(() =>
      validateEnvironment(ReviewerApiEnvironment, { AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example.com' }),
    ).not.toThrow();
  });

  it('accepts an OIDC provider over https', () => {
    const environment = validateEnvironment(ReviewerApiEnvironment, {
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: 'https://id.example.com/realms/ops',
      AUTH_JWKS_URL: 'https://id.example.com/realms/ops/protocol/openid-connect/certs',
    });
    expect(environment.AUTH_MODE).toBe('oidc');
  });

  it('reports a bad mode and non-https OIDC URLs together with platform problems', () => {
    const attempt = () => validateEnvironment(ReviewerApiEnvironment, { AUTH_MODE: 'saml', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(/AUTH_MODE: .*\(got "saml"\)/);
    expect(attempt).toThrow(/LOG_LEVEL: .*\(got "loud"\)/);
    expect(() =>
      validateEnvironment(ReviewerApiEnvironment, { AUTH_MODE: 'oidc', AUTH_JWKS_URL: 'http://id.example.com/certs' }),
    ).toThrow(/AUTH_ISSUER must be an https URL[\s\S]*AUTH_JWKS_URL must be an https URL/);
  });
});
