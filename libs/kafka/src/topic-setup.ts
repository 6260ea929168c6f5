import { TopicCatalogue } from '@countersign/contracts';
import { Admin, ITopicConfig } from 'kafkajs';

/**
 * Creates every catalogue topic that does not exist yet. Topics are created explicitly (the broker's auto-create is
 * off) so that partition counts are chosen, not inherited from broker defaults.
 */
export async function ensureTopics(
  admin: Admin,
  partitions: number,
  auditRetentionMs = DEFAULT_AUDIT_RETENTION_MS,
): Promise<string[]> {
  return createMissingTopics(admin, catalogueTopics(partitions, auditRetentionMs));
}

/** The catalogue as topics to create: audit topics with their retention stated, never the broker's default. */
export function catalogueTopics(partitions: number, auditRetentionMs = DEFAULT_AUDIT_RETENTION_MS): ITopicConfig[] {
  return TopicCatalogue.map((spec) => ({
    topic: spec.name,
    numPartitions: partitions,
    ...(spec.retention === 'audit'
      ? { configEntries: [{ name: 'retention.ms', value: String(auditRetentionMs) }] }
      : {}),
  }));
}

/** 184 days: the longest six calendar months (EU AI Act Art. 19(1), 26(6)); KAFKA_AUDIT_RETENTION_MS overrides it. */
export const DEFAULT_AUDIT_RETENTION_MS = 184 * 24 * 3600 * 1000;

/**
 * Creates the missing ones of `topics` and waits until every partition has a leader. Safe to run from several
 * services at once: a topic created concurrently by another service counts as present. (kafkajs's own
 * `waitForLeaders` fails on a fresh KRaft broker while the topic is still unknown to it, so readiness is polled here.)
 */
export async function createMissingTopics(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.topic));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((topic) => ({ replicationFactor: -1, ...topic })),
    });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  await untilLeadersElected(
    admin,
    missing.map((topic) => topic.topic),
    timeoutMs,
  );
  return missing.map((topic) => topic.topic);
}

async function untilLeadersElected(admin: Admin, names: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const ready =
        topics.length === names.length &&
        topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (ready) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics ${names.join(', ')} have no leaders after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function isAlreadyExists(error: unknown): boolean {
  const described = error as { type?: string; errors?: Array<{ type?: string }> };
  if (described.type === 'TOPIC_ALREADY_EXISTS') return true;
  const inner = described.errors ?? [];
  return inner.length > 0 && inner.every((entry) => entry.type === 'TOPIC_ALREADY_EXISTS');
}
