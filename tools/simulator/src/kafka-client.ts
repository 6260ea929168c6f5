import { Kafka, logLevel } from 'kafkajs';

/**
 * A plain kafkajs client, as a platform team's producer or a downstream consumer would have one. Generous retries:
 * the fault drill restarts the broker under it.
 */
export function kafkaClient(brokers: string, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 30, initialRetryTime: 300, maxRetryTime: 5_000 },
    connectionTimeout: 3_000,
  });
}

/** Fails fast, with a clear message, when no broker answers (the platform is not running). */
export async function checkKafka(brokers: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'countersign-simulator-check',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 1, initialRetryTime: 300 },
    connectionTimeout: 2_000,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch {
    throw new Error(`cannot reach Kafka at ${brokers}: is the platform running (npm start)?`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
