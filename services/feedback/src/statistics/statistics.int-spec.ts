import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { DeadLetterHeaders, PolicyRecommendationV1, Topics } from '@countersign/contracts';
import { json, KafkaProbe, metricsScrape, readInfrastructure, ServiceProcess } from '@countersign/testing';
import { Client } from 'pg';
import { simulateWorkflow } from '../testing/simulated-workflow';

// The running feedback service (built, a real process) against the real broker and Postgres: judgments with a known
// truth go in on countersign.review.completed (and releases on countersign.decisions.final); the metrics API's 95%
// intervals must contain the truth, and recommendations must move the threshold the way the model moved.

const runId = Date.now().toString(36);
const PORT = 24200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('feedback statistics against a known truth', () => {
  const infrastructure = readInfrastructure();
  const feedback = new ServiceProcess('feedback', PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'feedback-statistics-0',
    LOG_LEVEL: 'warn',
    // Runs are triggered through the API here, so the test decides when.
    FEEDBACK_RECOMMEND_INTERVAL_MS: String(3_600_000),
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const db = new Client({ connectionString: infrastructure.databaseUrl });
  let token: string;

  async function api(method: string, path: string): Promise<any> {
    const response = await fetch(`${feedback.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return response.json();
  }

  async function produce(topic: string, events: Array<{ decisionId: string }>): Promise<void> {
    for (let start = 0; start < events.length; start += 500) {
      const slice = events.slice(start, start + 500);
      await kafka.sendMany(
        topic,
        slice.map((event) => ({ key: event.decisionId, value: JSON.stringify(event) })),
      );
    }
  }

  async function waitForRows(table: string, workflow: string, count: number): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM feedback.${table} WHERE workflow = $1`, [
        workflow,
      ]);
      if (rows[0].n === count) return;
      if (rows[0].n > count) throw new Error(`${rows[0].n} rows in ${table}, expected ${count}`);
      if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${count} rows in ${table} after 120 s`);
      await sleep(250);
    }
  }

  beforeAll(async () => {
    await feedback.start();
    await db.connect();
    await kafka.watch([Topics.policyRecommendations, Topics.decisionsDeadLetter]);
    token = await mintDevelopmentToken({ sub: 'lead-1', roles: ['admin'], workflows: ['*'] }, DEVELOPMENT_HS256_SECRET);
  }, 90_000);

  afterAll(async () => {
    await kafka.close();
    await db.end();
    await feedback.stop();
  });

  it('gives accuracy and catch-rate intervals that contain the truth, storing a redelivered judgment once', async () => {
    const workflow = `truth-${runId}`;
    // 30% wrong below confidence 0.8, 2% above: review catches most errors, a few escape with the releases.
    const simulation = simulateWorkflow({
      workflow,
      modelVersion: 'v1',
      decisions: 20_000,
      errorAt: (confidence) => (confidence < 0.8 ? 0.3 : 0.02),
      threshold: 0.8,
      randomSampleRate: 0.1,
      auditRate: 0.05,
      seed: 6,
    });
    await produce(Topics.decisionsFinal, simulation.releases);
    await produce(Topics.reviewCompleted, simulation.judgments);
    await produce(Topics.reviewCompleted, simulation.judgments.slice(0, 500)); // redelivery
    await waitForRows('judgments', workflow, simulation.judgments.length);
    await waitForRows('final_outcomes', workflow, simulation.releases.length);

    const report = await api('GET', `/metrics?workflow=${workflow}`);
    const [model] = report.models;
    const { truth } = simulation;
    expect(model).toMatchObject({
      workflow,
      modelVersion: 'v1',
      judged: simulation.judgments.length,
      basis: 'random_samples',
    });
    expect(model.accuracy.lower).toBeLessThanOrEqual(truth.accuracy);
    expect(model.accuracy.upper).toBeGreaterThanOrEqual(truth.accuracy);
    // Reviews sent for low confidence would have said ~72%: the estimate must not have used them.
    const reviewed = simulation.judgments.filter((j) => j.kind === 'review');
    const naive = reviewed.filter((j) => j.verdict === 'approve').length / reviewed.length;
    expect(naive).toBeLessThan(model.accuracy.lower);

    const [catchRate] = report.catchRates;
    expect(catchRate).toMatchObject({ workflow, caught: truth.caught, released: simulation.releases.length });
    expect(catchRate.lower).toBeLessThanOrEqual(truth.catchRate);
    expect(catchRate.upper).toBeGreaterThanOrEqual(truth.catchRate);
    expect(catchRate.escaped.lower).toBeLessThanOrEqual(truth.escaped);
    expect(catchRate.escaped.upper).toBeGreaterThanOrEqual(truth.escaped);
    process.stdout.write(
      `[feedback] truth accuracy ${truth.accuracy.toFixed(4)} in [${model.accuracy.lower.toFixed(4)}, ` +
        `${model.accuracy.upper.toFixed(4)}] (naive ${naive.toFixed(4)}); catch rate ${truth.catchRate.toFixed(4)} in ` +
        `[${catchRate.lower.toFixed(4)}, ${catchRate.upper.toFixed(4)}]\n`,
    );

    // A run refreshes the Prometheus gauges from the same statistics.
    await api('POST', '/recommendations/run');
    const metrics = await (await fetch(`${feedback.baseUrl}/metrics`, metricsScrape)).text();
    const gauge = new RegExp(
      `countersign_feedback_accuracy\\{workflow="${workflow}",model_version="v1",bound="estimate"\\} ([0-9.]+)`,
    );
    expect(Number(gauge.exec(metrics)?.[1])).toBeCloseTo(model.accuracy.estimate, 6);
    expect(metrics).toContain(`countersign_feedback_catch_rate{workflow="${workflow}",bound="lower"}`);

    // Reviewer quality (leads only): five perfect reviewers agree with every gold answer they met.
    const gold = simulation.judgments.slice(0, 20);
    for (const judgment of gold) {
      const response = await fetch(`${feedback.baseUrl}/api/v1/gold/${judgment.decisionId}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workflow, verdict: judgment.verdict, finalOutput: judgment.finalOutput }),
      });
      expect(response.status).toBe(204);
    }
    const reviewers = await api('GET', `/reviewers?workflow=${workflow}`);
    expect(reviewers.map((r: any) => r.reviewer)).toEqual([0, 1, 2, 3, 4].map((n) => `reviewer:r${n}`));
    const goldTrials = reviewers.reduce((n: number, r: any) => n + r.goldAgreement.trials, 0);
    expect(goldTrials).toBe(20);
    expect(reviewers.every((r: any) => r.goldAgreement.successes === r.goldAgreement.trials)).toBe(true);
    expect(reviewers.some((r: any) => r.rubberStampSuspected)).toBe(false);
  }, 240_000);

  it('dead-letters a malformed judgment with its reason and stores nothing for it', async () => {
    const key = `malformed-${runId}`;
    await kafka.send(
      Topics.reviewCompleted,
      key,
      JSON.stringify({ schemaVersion: 1, decisionId: key, verdict: 'maybe' }),
    );
    const [dead] = await kafka.waitFor(
      (record) => record.topic === Topics.decisionsDeadLetter && record.key === key,
      1,
    );
    expect(dead?.headers[DeadLetterHeaders.reason]?.toString()).toBe('schema_violation');
    expect(dead?.headers[DeadLetterHeaders.sourceTopic]?.toString()).toBe(Topics.reviewCompleted);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM feedback.judgments WHERE decision_id = $1', [key]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses reviewer quality to reviewers and to leads of other workflows, and documents the API at /docs', async () => {
    const call = async (roles: Array<'reviewer' | 'lead'>, workflows: string[]) => {
      const bearer = await mintDevelopmentToken({ sub: 'someone', roles, workflows }, DEVELOPMENT_HS256_SECRET);
      const response = await fetch(`${feedback.baseUrl}/api/v1/reviewers?workflow=truth-${runId}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      return response.status;
    };
    expect(await call(['reviewer'], ['*'])).toBe(403);
    expect(await call(['lead'], ['another-workflow'])).toBe(403);
    expect(await call(['lead'], [`truth-${runId}`])).toBe(200);
    const openApi = (await (await fetch(`${feedback.baseUrl}/docs-json`)).json()) as { paths: object };
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/metrics',
        '/api/v1/reviewers',
        '/api/v1/recommendations',
        '/api/v1/exports/judgments',
      ]),
    );
  });

  it('recommends a lower threshold and promotion when the model gets better, a higher one and demotion when worse', async () => {
    const better = `better-${runId}`;
    const worse = `worse-${runId}`;
    const sampled = (workflow: string, errorsBelow: number, seed: number) =>
      simulateWorkflow({
        workflow,
        modelVersion: 'v2',
        decisions: 3_000,
        errorAt: (confidence) => (confidence < errorsBelow ? 0.3 : 0),
        threshold: 0.8,
        randomSampleRate: 1,
        auditRate: 0,
        seed,
      }).judgments;
    const betterJudgments = sampled(better, 0.6, 11);
    const worseJudgments = sampled(worse, 0.9, 12);
    await produce(Topics.reviewCompleted, [...betterJudgments, ...worseJudgments]);
    await waitForRows('judgments', better, betterJudgments.length);
    await waitForRows('judgments', worse, worseJudgments.length);

    const issued: PolicyRecommendationV1[] = await api('POST', '/recommendations/run');
    const of = (workflow: string, kind: string) => issued.find((r) => r.workflow === workflow && r.kind === kind);
    expect(of(better, 'threshold')).toMatchObject({ modelVersion: 'v2', current: 0.8 });
    expect(of(better, 'threshold')?.recommended).toBeLessThan(0.8);
    expect(of(better, 'trust_level')).toMatchObject({ current: 2, recommended: 3 });
    expect(of(worse, 'threshold')?.recommended).toBeGreaterThan(0.8);
    expect(of(worse, 'trust_level')).toMatchObject({ current: 2, recommended: 1 });

    // Published through the outbox, keyed by workflow; an unchanged recommendation is not issued again.
    const published = await kafka.waitFor((record) => record.key === worse, 2);
    expect(published.map((record) => json<PolicyRecommendationV1>(record).kind).sort()).toEqual([
      'threshold',
      'trust_level',
    ]);
    const again: PolicyRecommendationV1[] = await api('POST', '/recommendations/run');
    expect(again.filter((r) => r.workflow === better || r.workflow === worse)).toEqual([]);
    const latest: PolicyRecommendationV1[] = await api('GET', '/recommendations');
    expect(latest.filter((r) => r.workflow === worse)).toHaveLength(2);
  }, 240_000);
});
