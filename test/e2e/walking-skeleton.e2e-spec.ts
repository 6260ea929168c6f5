import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { DeadLetterHeaders, Topics } from '@countersign/contracts';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  eventually,
  json,
  KafkaProbe,
  readInfrastructure,
  RunningPlatform,
  storePolicyAsTwoAdmins,
} from '@countersign/testing';

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

async function getJson<T>(url: string, token?: string): Promise<T> {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
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
    // A workflow an administrator has put at trust level 4: confident decisions are released.
    const workflow = `e2e-release-${randomUUID().slice(0, 8)}`;
    // A first policy lowers oversight (unknown workflows are reviewed entirely): two admins store it.
    const version = await storePolicyAsTwoAdmins(
      platform.url('router', ''),
      workflow,
      { threshold: 0.9, trustLevel: 4 },
      'e2e: release confident decisions',
    );
    expect(version).toBe(1);
    const confident = decision({ confidence: 0.97, workflow });
    await kafka.send(Topics.decisions, confident.id, JSON.stringify(confident));

    const [final] = await kafka.waitFor(byKey(Topics.decisionsFinal, confident.id), 1);
    expect(json(final)).toMatchObject({
      decisionId: confident.id,
      outcome: 'autonomous',
      finalOutput: confident.output,
      routing: { route: 'autonomous', policyVersion: 1, trustLevel: 4 },
    });
    const [routed] = await kafka.waitFor(byKey(Topics.decisionsRouted, confident.id), 1);
    expect(json(routed)).toMatchObject({ decisionId: confident.id, routing: { route: 'autonomous' } });

    const admin = await mintDevelopmentToken(
      { sub: 'e2e-admin', roles: ['admin'], workflows: ['*'] },
      DEVELOPMENT_HS256_SECRET,
    );
    for (const service of ['feedback', 'audit'] as const) {
      await eventually(async () => {
        const summary = await getJson<{ byOutcome: Record<string, number> }>(
          platform.url(service, '/api/v1/outcomes/summary'),
          admin,
        );
        return summary.byOutcome.autonomous >= 1 ? summary : undefined;
      });
    }
    // No review before release; the audit service may still draw it for an audit check after release (kind audit).
    const reviews = kafka.records(byKey(Topics.reviewRequested, confident.id)).filter((r) => json(r).kind === 'review');
    expect(reviews).toHaveLength(0);
  });

  it('sends an unconfident decision to review, where it becomes one stored task even if requested twice', async () => {
    const unsure = decision({ confidence: 0.42, workflow: 'supplier-onboarding' });
    await kafka.send(Topics.decisions, unsure.id, JSON.stringify(unsure));
    // A producer retry re-sends the same decision: the router recognises the id and does not route it again.
    await kafka.send(Topics.decisions, unsure.id, JSON.stringify(unsure));

    const requests = await kafka.waitFor(byKey(Topics.reviewRequested, unsure.id), 1);
    expect(json(requests[0])).toMatchObject({
      kind: 'review',
      routing: { route: 'review', reasons: expect.arrayContaining(['below_threshold']), threshold: 0.9 },
    });

    const reviewer = await mintDevelopmentToken(
      { sub: 'e2e-reviewer', roles: ['reviewer'], workflows: ['supplier-onboarding'] },
      DEVELOPMENT_HS256_SECRET,
    );
    const tasks = await eventually(async () => {
      const response = await fetch(
        platform.url('review', `/api/v1/tasks?decisionId=${encodeURIComponent(unsure.id)}`),
        {
          headers: { authorization: `Bearer ${reviewer}` },
        },
      );
      const page = (await response.json()) as { items: Array<{ decisionId: string; state: string }> };
      return page.items.length > 0 ? page.items : undefined;
    });
    expect(tasks).toEqual([expect.objectContaining({ decisionId: unsure.id, state: 'open', kind: 'review' })]);
    expect(kafka.records(byKey(Topics.decisionsFinal, unsure.id))).toHaveLength(0);
  });

  it("runs the README's decision:send command against the platform", async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      'npx',
      [
        'tsx',
        join(__dirname, '..', '..', 'tools', 'send-decision.ts'),
        '--workflow',
        'contract-review',
        '--confidence',
        '0.55',
      ],
      { env: { ...process.env, KAFKA_BROKERS: readInfrastructure().kafkaBrokers }, timeout: 60_000 },
    );
    expect(stdout).toMatch(/sent decision .* to countersign\.decisions/);
    expect(stdout).toMatch(/sent to human review \(.*below_threshold/);
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
    await kafka.waitFor(byKey(Topics.decisionsRouted, next.id), 1);
    expect(kafka.records(byKey(Topics.decisionsRouted, key))).toHaveLength(0);
  });
});
