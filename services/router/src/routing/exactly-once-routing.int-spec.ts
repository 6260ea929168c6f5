import { DeadLetterHeaders, DecisionV1, RoutedDecisionV1, Topics } from '@countersign/contracts';
import { seededRandom } from '@countersign/contracts/testing';
import { json, KafkaProbe, metricsScrape, readInfrastructure, ServiceProcess } from '@countersign/testing';
import { compilePolicy } from '../domain/compile-policy';
import { routeDecision } from '../domain/route-decision';
import { seedPolicies } from '../domain/seed-policies';
import { withSamplingKey, workflowSamplingKey } from '../domain/sampling-key';
import { DEVELOPMENT_SAMPLING_SECRET } from '../policies/sampling-secret';

// The running router (built, as a real process) against the real broker and Postgres: 10,000 decisions across the
// three example workflows, a kill -9 in the middle, a restart — and still exactly one routed event and exactly one
// final-or-review event per decision, routed exactly as the policy engine says.

const TOTAL = 10_000;
const runId = `eo-${Date.now().toString(36)}`;

function decisionStream(count: number): DecisionV1[] {
  const random = seededRandom(42);
  const workflows = ['contract-review', 'lead-qualification', 'supplier-onboarding'];
  return Array.from({ length: count }, (_, index) => {
    const workflow = workflows[index % 3];
    const attributes: DecisionV1['attributes'] =
      workflow === 'contract-review'
        ? { amount: Math.round(random() * 400_000), region: random() < 0.5 ? 'EU' : 'US' }
        : workflow === 'lead-qualification'
          ? { segment: random() < 0.1 ? 'enterprise' : 'mid-market' }
          : { riskRating: random() < 0.1 ? 'high' : 'low', sanctionsHit: random() < 0.02 };
    return {
      schemaVersion: 1,
      id: `${runId}-${index}`,
      workflow,
      model: { name: `${workflow}-model`, version: '1.0.0' },
      confidence: Math.round((0.5 + random() * 0.5) * 1000) / 1000,
      output: { answer: index },
      attributes,
      flags: random() < 0.05 ? ['anomaly:unusual-term'] : [],
      occurredAt: new Date().toISOString(),
    };
  });
}

describe('router: exactly-once routing across kill -9', () => {
  const infrastructure = readInfrastructure();
  const router = new ServiceProcess('router', 24001, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'router-int-0',
    LOG_LEVEL: 'warn',
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const ours = (topic: string) => (record: { topic: string; key: string | null }) =>
    record.topic === topic && (record.key ?? '').startsWith(`${runId}-`);

  beforeAll(async () => {
    await router.start();
    await kafka.watch([
      Topics.decisionsRouted,
      Topics.decisionsFinal,
      Topics.reviewRequested,
      Topics.decisionsDeadLetter,
    ]);
  });

  afterAll(async () => {
    await kafka.close();
    await router.stop();
  });

  it('routes 10,000 decisions exactly once, as the policies say, through a crash and a restart', async () => {
    const decisions = decisionStream(TOTAL);
    for (let start = 0; start < TOTAL; start += 1000) {
      await kafka.sendMany(
        Topics.decisions,
        decisions.slice(start, start + 1000).map((decision) => ({ key: decision.id, value: JSON.stringify(decision) })),
      );
    }

    await kafka.waitFor(ours(Topics.decisionsRouted), TOTAL / 4, 120_000);
    await router.stop('SIGKILL');
    const routedAtCrash = kafka.records(ours(Topics.decisionsRouted)).length;
    await router.start();

    const routed = await kafka.waitFor(ours(Topics.decisionsRouted), TOTAL, 180_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // duplicates, if any, would arrive now
    const routedIds = kafka.records(ours(Topics.decisionsRouted)).map((record) => record.key);
    expect(routedAtCrash).toBeLessThan(TOTAL);
    expect(routedIds).toHaveLength(TOTAL);
    expect(new Set(routedIds).size).toBe(TOTAL);

    const outcomes = [
      ...kafka.records(ours(Topics.decisionsFinal)),
      ...kafka.records(ours(Topics.reviewRequested)),
    ].map((record) => record.key);
    expect(outcomes).toHaveLength(TOTAL);
    expect(new Set(outcomes).size).toBe(TOTAL);

    // Every decision went where the policy engine says, under the seeded version 1.
    const policies = Object.fromEntries(
      Object.entries(seedPolicies).map(([workflow, document]) => [
        workflow,
        // The router runs in development mode: sampled with the development secret, keyed per workflow.
        withSamplingKey(
          compilePolicy(workflow, 1, document),
          workflowSamplingKey(DEVELOPMENT_SAMPLING_SECRET, workflow),
        ),
      ]),
    );
    const expected = new Map(
      decisions.map((decision) => [decision.id, routeDecision(decision, policies[decision.workflow])]),
    );
    const tally = { review: 0, autonomous: 0 };
    for (const record of routed) {
      const event = json<RoutedDecisionV1>(record);
      expect(event.routing).toEqual(expected.get(event.decisionId));
      tally[event.routing.route] += 1;
    }
    const expectedTally = { review: 0, autonomous: 0 };
    for (const facts of expected.values()) expectedTally[facts.route] += 1;
    expect(tally).toEqual(expectedTally);
    expect(kafka.records(ours(Topics.reviewRequested))).toHaveLength(expectedTally.review);
  });

  it('recognises re-sent decision ids and does not route them again', async () => {
    const resent = decisionStream(50);
    await kafka.sendMany(
      Topics.decisions,
      resent.map((decision) => ({ key: decision.id, value: JSON.stringify(decision) })),
    );
    const duplicatesSeen = async () => {
      const metrics = await (await fetch(`${router.baseUrl}/metrics`, metricsScrape)).text();
      return [...metrics.matchAll(/^countersign_router_duplicates_total\{[^}]*\} (\d+)/gm)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
    };
    const deadline = Date.now() + 60_000;
    while ((await duplicatesSeen()) < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await duplicatesSeen()).toBeGreaterThanOrEqual(50);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const routedIds = kafka.records(ours(Topics.decisionsRouted)).map((record) => record.key);
    expect(routedIds).toHaveLength(TOTAL);
    expect(new Set(routedIds).size).toBe(TOTAL);
  });

  it('dead-letters a decision whose id another workflow already holds, instead of dropping it as a re-send', async () => {
    // One id routed before for contract-review, sent again for lead-qualification; and a new id sent for two workflows
    // at once (same key: same partition, in order): the first is routed, the second dead-lettered.
    const [routedBefore] = decisionStream(1);
    const fresh = { ...decisionStream(1)[0], id: `${runId}-shared`, workflow: 'contract-review' };
    const conflicting = [
      { ...routedBefore, workflow: 'lead-qualification' },
      fresh,
      { ...fresh, workflow: 'supplier-onboarding' },
    ].map((decision) => ({ key: decision.id, value: JSON.stringify(decision) }));
    await kafka.sendMany(Topics.decisions, conflicting);

    const letters = await kafka.waitFor(ours(Topics.decisionsDeadLetter), 2, 60_000);
    expect(letters.map((letter) => letter.value?.toString()).sort()).toEqual(
      [conflicting[0].value, conflicting[2].value].sort(),
    );
    for (const letter of letters) {
      expect(String(letter.headers[DeadLetterHeaders.reason])).toBe('rejected');
      expect(String(letter.headers[DeadLetterHeaders.errors])).toMatch(/already routed for another workflow/);
    }
    await kafka.waitFor((record) => ours(Topics.decisionsRouted)(record) && record.key === fresh.id, 1, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const routed = kafka.records(ours(Topics.decisionsRouted));
    const routedFresh = routed.filter((record) => record.key === fresh.id);
    expect(routedFresh).toHaveLength(1);
    expect(json<RoutedDecisionV1>(routedFresh[0]).decision.workflow).toBe('contract-review');
    expect(routed.filter((record) => record.key === routedBefore.id)).toHaveLength(1);
  });
});
