/** How a service reaches Kafka; read from validated configuration. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Partitions for topics created at start-up. */
  topicPartitions: number;
  /** retention.ms of the audit topics created at start-up (KAFKA_AUDIT_RETENTION_MS); -1 = forever. */
  auditRetentionMs?: number;
  /** TLS and SASL towards the brokers; absent = plaintext without authentication (a laptop's broker). */
  security?: KafkaSecurity;
}

/** How a service authenticates to a secured cluster: values, file contents already read (see kafkaSecurityOf). */
export interface KafkaSecurity {
  /** TLS on; `ca`/`cert`/`key` are PEM contents, absent to use the system CAs and no client certificate. */
  tls?: { ca?: string; cert?: string; key?: string };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}
