import { Logger } from '@nestjs/common';
import { Kafka, KafkaConfig, logLevel, LogEntry } from 'kafkajs';
import { KafkaSecurity, KafkaSettings } from './kafka-settings';

/**
 * Conditions kafkajs logs as errors but retries by itself and that are normal on a healthy cluster: a topic another
 * service created first, a coordinator still loading after start, back-to-back transactions. Logged at debug so an
 * operator's error log holds only what needs attention.
 */
const ROUTINE = [
  'Topic creation errors',
  'coordinator is loading',
  'group coordinator is not available',
  'concurrent operation on the same transaction',
  'There is no leader for this topic-partition',
  'This server does not host this topic-partition',
];

function isRoutine(message: string): boolean {
  return ROUTINE.some((fragment) => message.includes(fragment));
}

// kafkajs logs through its own creator; route it into the service's structured logger so every line is JSON.
function nestLogCreator() {
  const logger = new Logger('kafkajs');
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const line = { msg: message, ...extra };
      if (isRoutine(`${message} ${String(extra.error ?? '')}`)) logger.debug?.(line);
      else if (level === logLevel.ERROR) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else logger.debug?.(line);
    };
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator(),
    retry: { initialRetryTime: 300, retries: 10 },
    ...kafkaSecurityOptions(settings.security),
  });
}

/**
 * kafkajs' own `ssl` and `sasl` options for a secured cluster. SASL without TLS is allowed (a cluster inside a private
 * network may run SASL_PLAINTEXT) but sends a PLAIN password in the clear; docs/operations-kafka.md says so.
 */
export function kafkaSecurityOptions(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security?.tls) {
    const { ca, cert, key } = security.tls;
    // Certificates are always verified: a service that trusted any broker would hand its SASL password to anyone.
    options.ssl = ca || cert ? { rejectUnauthorized: true, ...(ca && { ca: [ca] }), ...(cert && { cert, key }) } : true;
  }
  if (security?.sasl) {
    const { mechanism, username, password } = security.sasl;
    options.sasl = { mechanism, username, password } as KafkaConfig['sasl'];
  }
  return options;
}
