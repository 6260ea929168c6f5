import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { randomUUID } from 'node:crypto';
import {
  eventually,
  KafkaProbe,
  readInfrastructure,
  RunningPlatform,
  ServiceName,
  TEST_METRICS_TOKEN,
  testPortOffset,
} from '@countersign/testing';
import { PrometheusServer } from './support/prometheus-server';
import { approveNextTask, reviewClient } from './support/review-client';

const SERVICES: ServiceName[] = ['router', 'review', 'feedback', 'audit'];
const job = (service: ServiceName) => `countersign-${service}`;

/**
 * Debian's Prometheus server scrapes all four services of a running platform, with the metrics bearer token, as an
 * operator's would; the series the alert rules page on must be there for every service, and every rule evaluates.
 */
describe('Prometheus scrapes the running platform', () => {
  const platform = new RunningPlatform();
  const kafka = new KafkaProbe(readInfrastructure().kafkaBrokers);
  // This checkout's own port (40000 + 10 × offset + 1), so parallel checkouts do not meet.
  const prometheus = new PrometheusServer(
    40_001 + 10 * testPortOffset,
    SERVICES.map((service) => ({ job: job(service), address: `127.0.0.1:${platform.services[service].port}` })),
    TEST_METRICS_TOKEN,
  );

  beforeAll(async () => {
    await platform.start();
    await prometheus.start();
  });

  afterAll(async () => {
    await kafka.close();
    await prometheus.stop();
    await platform.stop();
  });

  /** The jobs that report `selector`, polled until all of `jobs` do. */
  async function reportedBy(selector: string, jobs: string[]): Promise<string[]> {
    const seen = async () => [...new Set((await prometheus.query(selector)).map((series) => series.metric.job))].sort();
    return eventually(async () => {
      const reporting = await seen();
      return jobs.every((name) => reporting.includes(name)) ? reporting : undefined;
    }, 90_000).catch(seen);
  }

  it('finds consumer lag, outbox backlog, dead-letter and review-queue series for every service', async () => {
    const all = SERVICES.map(job).sort();
    const targets = await eventually(async () => {
      const health = await prometheus.targetHealth();
      return health.length === SERVICES.length && health.every((target) => target.health === 'up') ? health : undefined;
    }, 60_000).catch(() => prometheus.targetHealth());
    expect(targets.map((target) => [target.job, target.health, target.lastError]).sort()).toEqual(
      all.map((name) => [name, 'up', '']),
    );

    // One decision of a workflow without a policy: routed to review, where it waits until a reviewer approves it.
    const workflow = `e2e-scrape-${randomUUID().slice(0, 8)}`;
    const decision = {
      schemaVersion: 1,
      id: `e2e-${randomUUID()}`,
      workflow,
      model: { name: 'contract-extractor', version: '2026.11' },
      confidence: 0.5,
      output: { liabilityCap: 1_000_000 },
      attributes: { amount: 1_000 },
      flags: [],
      occurredAt: new Date().toISOString(),
    };
    await kafka.send(Topics.decisions, decision.id, JSON.stringify(decision));
    const waiting = await eventually(async () => {
      const [series] = await prometheus.query(`countersign_review_queue_oldest_age_seconds{workflow="${workflow}"}`);
      return series;
    }, 90_000);
    expect(waiting.metric.job).toBe(job('review'));
    expect(Number(waiting.value[1])).toBeGreaterThanOrEqual(0);

    const reviewer = await mintDevelopmentToken(
      { sub: 'e2e-scrape-reviewer', roles: ['reviewer'], workflows: [workflow] },
      DEVELOPMENT_HS256_SECRET,
    );
    await eventually(
      () => approveNextTask(reviewClient(platform.url('review', ''), reviewer), workflow).catch(() => undefined),
      60_000,
    );

    expect(await reportedBy('countersign_kafka_consumer_lag', all)).toEqual(all);
    expect(await reportedBy('countersign_outbox_backlog', all)).toEqual(all);
    expect(await reportedBy('countersign_outbox_oldest_age_seconds', all)).toEqual(all);
    expect(await reportedBy('countersign_dead_letters_total', all)).toEqual(all);
    expect(await reportedBy('countersign_kafka_consumer_rebalances_total', all)).toEqual(all);
    // Lag per group and partition: each service's group reports the partitions it consumed.
    const lag = await prometheus.query(`countersign_kafka_consumer_lag{job="${job('router')}"}`);
    expect(lag.map((series) => series.metric)).toContainEqual(
      expect.objectContaining({ group: 'countersign-router', topic: Topics.decisions, partition: expect.any(String) }),
    );
    // The approved task left the queue: its workflow's series goes away at the next scrapes.
    await eventually(async () => {
      const left = await prometheus.query(`countersign_review_queue_tasks{workflow="${workflow}"}`);
      return left.length === 0 ? true : undefined;
    }, 30_000);

    // Every alert rule evaluates against the real series without error.
    const rules = await eventually(async () => {
      const health = await prometheus.ruleHealth();
      return health.length > 0 && health.every((rule) => rule.health !== 'unknown') ? health : undefined;
    }, 30_000);
    expect(rules.filter((rule) => rule.health !== 'ok')).toEqual([]);
  });
});
