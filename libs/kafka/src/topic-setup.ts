import { TopicCatalogue } from '@countersign/contracts';
import { Admin } from 'kafkajs';

/**
 * Creates every catalogue topic that does not exist yet. Topics are created explicitly (the broker's auto-create is
 * off) so that partition counts are chosen, not inherited from broker defaults. Safe to run from several services at
 * once: a topic created concurrently by another service counts as present.
 */
export async function ensureTopics(admin: Admin, partitions: number): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = TopicCatalogue.map((spec) => spec.name).filter((name) => !existing.has(name));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
    });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  return missing;
}

function isAlreadyExists(error: unknown): boolean {
  const described = error as { type?: string; errors?: Array<{ type?: string }> };
  if (described.type === 'TOPIC_ALREADY_EXISTS') return true;
  return (described.errors ?? []).every((inner) => inner.type === 'TOPIC_ALREADY_EXISTS');
}
