import { Admin } from 'kafkajs';
import { sleep } from './progress';

/**
 * Deletes (if present) and creates `topics` empty with `partitions` partitions, and waits until every partition has a
 * leader: each run starts from the same empty log.
 */
export async function recreateTopics(
  admin: Admin,
  topics: readonly string[],
  partitions: number,
  config: Record<string, string> = {},
): Promise<void> {
  const configEntries = Object.entries(config).map(([name, value]) => ({ name, value }));
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((topic) => existing.has(topic));
  if (present.length > 0) {
    await admin.deleteTopics({ topics: present, timeout: 30_000 });
    await waitUntil(
      async () => {
        const now = new Set(await admin.listTopics());
        return present.every((topic) => !now.has(topic));
      },
      `topics ${present.join(', ')} to be deleted`,
    );
  }
  // Right after a deletion the controller may still report the topic as being deleted; retry until it is created.
  await waitUntil(
    async () => {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1, configEntries })),
        });
      } catch (error) {
        const type = (error as { type?: string }).type;
        if (type !== 'TOPIC_ALREADY_EXISTS' && type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
      }
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] }).catch(() => undefined);
      return (
        metadata !== undefined &&
        metadata.topics.every(
          (topic) => topic.partitions.length === partitions && topic.partitions.every((p) => p.leader >= 0),
        )
      );
    },
    `topics ${topics.join(', ')} to be created`,
  );
}

/** Deletes a consumer group once its last member has left (a graceful stop leaves it empty at once). */
export async function deleteGroupIfPresent(admin: Admin, groupId: string): Promise<void> {
  const { groups } = await admin.listGroups();
  if (!groups.some((group) => group.groupId === groupId)) return;
  await waitUntil(async () => {
    try {
      await admin.deleteGroups([groupId]);
      return true;
    } catch (error) {
      const described = error as { groups?: Array<{ error?: { type?: string } }> };
      const type = described.groups?.[0]?.error?.type;
      if (type === 'GROUP_ID_NOT_FOUND') return true;
      if (type === 'NON_EMPTY_GROUP') return false;
      throw error;
    }
  }, `consumer group ${groupId} to become empty`);
}

export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}
