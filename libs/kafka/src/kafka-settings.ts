/** How a service reaches Kafka; read from validated configuration. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Partitions for topics created at start-up. */
  topicPartitions: number;
  /** retention.ms of the audit topics created at start-up (KAFKA_AUDIT_RETENTION_MS); -1 = forever. */
  auditRetentionMs?: number;
}

export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}
