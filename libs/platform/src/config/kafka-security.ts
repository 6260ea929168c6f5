import { readFileSync } from 'node:fs';
import { KafkaSecurity } from '@countersign/kafka';
import { PlatformEnvironment } from './platform-environment';
import { TypedConfig } from './typed-config';

/**
 * The KAFKA_SSL* and KAFKA_SASL_* variables as the Kafka client's security settings, the PEM files read once at
 * start-up (a missing file fails the start, naming the variable). Undefined when none is set.
 */
export function kafkaSecurityOf(
  config: Pick<TypedConfig<PlatformEnvironment>, 'get'>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): KafkaSecurity | undefined {
  const read = (variable: 'KAFKA_SSL_CA_FILE' | 'KAFKA_SSL_CERT_FILE' | 'KAFKA_SSL_KEY_FILE') => {
    const path = config.get(variable);
    if (!path) return undefined;
    try {
      return readFile(path);
    } catch (error) {
      throw new Error(`${variable}: cannot read ${path} (${(error as Error).message})`);
    }
  };
  const ca = read('KAFKA_SSL_CA_FILE');
  const cert = read('KAFKA_SSL_CERT_FILE');
  const key = read('KAFKA_SSL_KEY_FILE');
  const tls =
    config.get('KAFKA_SSL') === 'true' || ca || cert
      ? { ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }) }
      : undefined;
  const mechanism = config.get('KAFKA_SASL_MECHANISM');
  const sasl = mechanism
    ? {
        mechanism,
        username: config.get('KAFKA_SASL_USERNAME') ?? '',
        password: config.get('KAFKA_SASL_PASSWORD') ?? '',
      }
    : undefined;
  // SASL over plaintext sends the password (PLAIN) or at least every record in clear; a local broker may, nothing else.
  if (sasl && !tls && config.get('COUNTERSIGN_DEVELOPMENT') !== 'true') {
    throw new Error(
      'KAFKA_SASL_MECHANISM needs TLS (KAFKA_SSL=true or KAFKA_SSL_CA_FILE) outside COUNTERSIGN_DEVELOPMENT=true',
    );
  }
  return tls || sasl ? { ...(tls && { tls }), ...(sasl && { sasl }) } : undefined;
}
