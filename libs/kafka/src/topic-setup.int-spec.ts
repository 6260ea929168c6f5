import { Topics } from '@countersign/contracts';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { catalogueTopics, createMissingTopics, DEFAULT_AUDIT_RETENTION_MS } from './topic-setup';

// The audit topics must keep records as long as the law asks, whatever the broker's default (the local one keeps
// 48 h): created here under this run's own names, then read back from the broker.
describe('topic setup states the audit topics’ retention', () => {
  const kafka = new Kafka({
    clientId: 'topic-setup-int',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const run = randomUUID().slice(0, 8);

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  async function retentionOf(names: string[]): Promise<Record<string, string | undefined>> {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
    });
    return Object.fromEntries(
      resources.map((resource) => [resource.resourceName, resource.configEntries[0]?.configValue]),
    );
  }

  it.each([
    ['the default, 184 days', undefined, String(DEFAULT_AUDIT_RETENTION_MS)],
    ['a configured 400 days', 400 * 86_400_000, String(400 * 86_400_000)],
    ['forever (-1)', -1, '-1'],
  ])('creates the audit topics with %s, other topics with the broker default', async (_case, configured, expected) => {
    const renamed = catalogueTopics(1, configured)
      .filter((topic) => [Topics.auditEvents, Topics.auditCheckpoints, Topics.decisions].includes(topic.topic as never))
      .map((topic) => ({ ...topic, topic: `${topic.topic}.${run}.${expected}` }));
    await createMissingTopics(admin, renamed);
    const retention = await retentionOf(renamed.map((topic) => topic.topic));
    expect(retention).toEqual({
      [`${Topics.auditEvents}.${run}.${expected}`]: expected,
      [`${Topics.auditCheckpoints}.${run}.${expected}`]: expected,
      [`${Topics.decisions}.${run}.${expected}`]: expect.not.stringMatching(`^${expected}$`),
    });
    expect(DEFAULT_AUDIT_RETENTION_MS).toBeGreaterThanOrEqual(184 * 86_400_000);
    await admin.deleteTopics({ topics: renamed.map((topic) => topic.topic) });
  });
});
