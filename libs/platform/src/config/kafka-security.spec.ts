import { kafkaSecurityOptions } from '@countersign/kafka';
import { kafkaSecurityOf } from './kafka-security';
import { PlatformEnvironment } from './platform-environment';
import { InvalidEnvironmentError, validateEnvironment } from './validate-environment';

class ServiceEnvironment extends PlatformEnvironment {
  override PORT = 3001;
}

const files: Record<string, string> = {
  '/etc/kafka/ca.pem': 'CA PEM',
  '/etc/kafka/client.pem': 'CERT PEM',
  '/etc/kafka/client.key': 'KEY PEM',
};
const readFile = (path: string) => {
  if (!(path in files)) throw new Error('ENOENT: no such file');
  return files[path];
};

/** The kafkajs `ssl`/`sasl` options a service builds from these variables, through validation as at start-up. */
function clientOptionsFor(variables: Record<string, string>) {
  const environment = validateEnvironment(ServiceEnvironment, variables);
  const config = { get: <K extends keyof ServiceEnvironment>(key: K) => environment[key] };
  return kafkaSecurityOptions(kafkaSecurityOf(config, readFile));
}

describe('Kafka TLS and SASL from the environment', () => {
  it('is plaintext without authentication when nothing is set (a laptop broker)', () => {
    expect(clientOptionsFor({})).toEqual({});
  });

  it('turns TLS on with the system CAs for KAFKA_SSL=true', () => {
    expect(clientOptionsFor({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
  });

  it('verifies brokers against a private CA, and presents a client certificate for mutual TLS', () => {
    expect(clientOptionsFor({ KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem' })).toEqual({
      ssl: { rejectUnauthorized: true, ca: ['CA PEM'] },
    });
    expect(
      clientOptionsFor({
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem',
        KAFKA_SSL_CERT_FILE: '/etc/kafka/client.pem',
        KAFKA_SSL_KEY_FILE: '/etc/kafka/client.key',
      }),
    ).toEqual({ ssl: { rejectUnauthorized: true, ca: ['CA PEM'], cert: 'CERT PEM', key: 'KEY PEM' } });
  });

  it('authenticates with SCRAM over TLS', () => {
    expect(
      clientOptionsFor({
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'countersign-router',
        KAFKA_SASL_PASSWORD: 's3cret',
      }),
    ).toEqual({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'countersign-router', password: 's3cret' },
    });
  });

  it('refuses a SASL mechanism without its user and password, an unknown mechanism, and half a client certificate', () => {
    const refused = (variables: Record<string, string>) => {
      try {
        validateEnvironment(ServiceEnvironment, variables);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidEnvironmentError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const missing = refused({ KAFKA_SASL_MECHANISM: 'plain' });
    expect(missing).toContain('KAFKA_SASL_USERNAME');
    expect(missing).toContain('KAFKA_SASL_PASSWORD');
    expect(refused({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toContain(
      'KAFKA_SASL_MECHANISM',
    );
    expect(refused({ KAFKA_SSL_CERT_FILE: '/etc/kafka/client.pem' })).toContain('KAFKA_SSL_KEY_FILE');
  });

  it('names the variable whose file cannot be read', () => {
    expect(() => clientOptionsFor({ KAFKA_SSL_CA_FILE: '/nowhere/ca.pem' })).toThrow(
      'KAFKA_SSL_CA_FILE: cannot read /nowhere/ca.pem',
    );
  });

  it('refuses SASL over plaintext outside development (the password or every record would cross in clear)', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'countersign-router', KAFKA_SASL_PASSWORD: 'x' };
    expect(() => clientOptionsFor(sasl)).toThrow(/needs TLS/);
    expect(clientOptionsFor({ ...sasl, COUNTERSIGN_DEVELOPMENT: 'true' })).toMatchObject({
      sasl: { mechanism: 'plain' },
    });
  });
});
