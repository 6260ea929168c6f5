import { validateEnvironment } from '@countersign/platform';
import { AuditEnvironment } from './audit-environment';

// Secure by default, one variable at a time: each public development default alone stops the start, and the message
// names exactly the variables still at their defaults.
const OWN = {
  AUTH_HS256_SECRET: 'an-operator-chosen-secret-of-40-characters',
  AUDIT_SAMPLING_SECRET: 'an-operator-chosen-sampling-secret',
};

describe('AuditEnvironment outside development mode', () => {
  it('starts when every secret is the operator’s own', () => {
    expect(() => validateEnvironment(AuditEnvironment, OWN)).not.toThrow();
  });

  it.each(Object.keys(OWN))('refuses %s left at its public default, and names only it', (variable) => {
    const variables: Record<string, string> = { ...OWN };
    delete variables[variable];
    let message = '';
    try {
      validateEnvironment(AuditEnvironment, variables);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${variable}: holds the public development default`);
    expect(message.match(/holds the public development default/g)).toHaveLength(1);
  });

  it('names every offending variable at once when nothing is configured', () => {
    expect(() => validateEnvironment(AuditEnvironment, {})).toThrow(
      /AUDIT_SAMPLING_SECRET: holds[\s\S]*AUTH_HS256_SECRET: holds/,
    );
  });

  it('accepts the defaults only with COUNTERSIGN_DEVELOPMENT=true exactly', () => {
    expect(() => validateEnvironment(AuditEnvironment, { COUNTERSIGN_DEVELOPMENT: 'true' })).not.toThrow();
    expect(() => validateEnvironment(AuditEnvironment, { COUNTERSIGN_DEVELOPMENT: 'yes' })).toThrow(
      /COUNTERSIGN_DEVELOPMENT: .*\(got "yes"\)/,
    );
  });
});
