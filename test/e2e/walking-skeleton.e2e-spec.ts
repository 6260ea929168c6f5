import { DeadLetterHeaders, Topics } from '@countersign/contracts';
import { randomUUID } from 'node:crypto';
import { json, KafkaProbe } from '../harness/kafka-probe';
import { RunningPlatform } from '../harness/platform';
import { readInfrastructure } from '../harness/test-infrastructure';

function decision(overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    id: `e2e-${randomUUID()}`,
    workflow: 'contract-review',
    model: { name: 'contract-extractor', version: '2026.11' },
    confidence: 0.97,
    output: { liabilityCap: 1_000_000, governingLaw: 'England and Wales' },
    attributes: { amount: 250_000, region: 'EU' },
    flags: [],
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

describe('walking skeleton: one decision through the whole platform', () => {
  const platform = new RunningPlatform();
  const kafka = new KafkaProbe(readInfrastructure().kafkaBrokers);
  const byKey = (topic: string, key: string) => (record: { topic: string; key: string | null }) =>
    record.topic === topic && record.key === key;

  beforeAll(async () => {
    await platform.start();
    await kafka.watch([
      Topics.decisionsRouted,
      Topics.decisionsFinal,
      Topics.reviewRequested,
      Topics.decisionsDeadLetter,
    ]);
  });

  afterAll(async () => {
    await kafka.close();
    await platform.stop();
  });

  it('releases a confident decision autonomously: one routed and one final event, counted by feedback and audit', async () => {
    const confident = decision({ confidence: 0.97 });
    await kafka.send(Topics.decisions, confident.id, JSON.stringify(confident));

    const [final] = await kafka.waitFor(byKey(Topics.decisionsFinal, confident.id), 1);
    expect(json(final)).toMatchObject({
      decisionId: confident.id,
      outcome: 'autonomous',
      finalOutput: confident.output,
      routing: { route: 'autonomous', policyVersion: 0 },
    });
    const [routed] = await kafka.waitFor(byKey(Topics.decisionsRouted, confident.id), 1);
    expect(json(routed)).toMatchObject({ decisionId: confident.id, routing: { route: 'autonomous' } });

    for (const service of ['feedback', 'audit'] as const) {
      await eventually(async () => {
        const summary = await getJson<{ byOutcome: Record<string, number> }>(
          platform.url(service, '/api/v1/outcomes/summary'),
        );
        return summary.byOutcome.autonomous >= 1 ? summary : undefined;
      });
    }
    expect(kafka.records(byKey(Topics.reviewRequested, confident.id))).toHaveLength(0);
  });

  it('sends an unconfident decision to review, where it becomes one stored task even if requested twice', async () => {
    const unsure = decision({ confidence: 0.42, workflow: 'supplier-onboarding' });
    await kafka.send(Topics.decisions, unsure.id, JSON.stringify(unsure));
    // A producer retry re-sends the same decision; the review service must not create a second task.
    await kafka.send(Topics.decisions, unsure.id, JSON.stringify(unsure));

    const requests = await kafka.waitFor(byKey(Topics.reviewRequested, unsure.id), 2);
    expect(json(requests[0])).toMatchObject({
      kind: 'review',
      routing: { route: 'review', reasons: ['below_threshold'] },
    });

    const tasks = await eventually(async () => {
      const found = await getJson<Array<{ decisionId: string; state: string }>>(
        platform.url('review', `/api/v1/tasks?decisionId=${encodeURIComponent(unsure.id)}`),
      );
      return found.length > 0 ? found : undefined;
    });
    expect(tasks).toEqual([expect.objectContaining({ decisionId: unsure.id, state: 'open', kind: 'review' })]);
    expect(kafka.records(byKey(Topics.decisionsFinal, unsure.id))).toHaveLength(0);
  });

  it('dead-letters malformed decisions with reason and original bytes, and goes on routing', async () => {
    const key = `e2e-bad-${randomUUID()}`;
    const missingConfidence = { ...decision({ id: key }) } as Record<string, unknown>;
    delete missingConfidence.confidence;
    const bad = [
      { bytes: Buffer.from('this is { not json'), reason: 'invalid_json' },
      { bytes: Buffer.from(JSON.stringify(missingConfidence)), reason: 'schema_violation', mentions: 'confidence' },
      {
        bytes: Buffer.from(JSON.stringify(decision({ id: key, confidence: 7 }))),
        reason: 'schema_violation',
        mentions: 'confidence',
      },
    ];
    for (const record of bad) await kafka.send(Topics.decisions, key, record.bytes);
    const next = decision({ confidence: 0.99 });
    await kafka.send(Topics.decisions, next.id, JSON.stringify(next));

    const letters = await kafka.waitFor(byKey(Topics.decisionsDeadLetter, key), 3);
    letters.forEach((letter, index) => {
      expect(letter.value?.equals(bad[index].bytes)).toBe(true);
      expect(letter.headers[DeadLetterHeaders.reason]?.toString()).toBe(bad[index].reason);
      expect(letter.headers[DeadLetterHeaders.sourceTopic]?.toString()).toBe(Topics.decisions);
      expect(letter.headers[DeadLetterHeaders.sourceOffset]?.toString()).toMatch(/^\d+$/);
      if (bad[index].mentions) {
        expect(letter.headers[DeadLetterHeaders.errors]?.toString()).toContain(bad[index].mentions);
      }
    });
    await kafka.waitFor(byKey(Topics.decisionsFinal, next.id), 1);
    expect(kafka.records(byKey(Topics.decisionsRouted, key))).toHaveLength(0);
  });
});
