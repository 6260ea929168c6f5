import { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { RoutingPolicyDocument, Topics } from '@countersign/contracts';
import { aReviewCompletion, aRouting } from '@countersign/contracts/testing';
import { Outbox } from '@countersign/kafka';
import { serviceParts } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { feedbackMigrations } from '../database/migrations';
import { FeedbackEnvironment } from '../feedback-environment';
import { JudgmentStore } from '../judgments/judgment-store';
import { StatisticsStore } from '../statistics/statistics-store';
import { RecommendationStore } from './recommendation-store';
import { RecommendationsService } from './recommendations.service';
import { RouterPolicyClient } from './router-policy-client';

// RecommendationsService with its stores on the real feedback schema: judgments in, recommendations stored and put in
// the outbox once, auto-apply through the router's policy API for a workflow that opted in. The router is the one
// stand-in (another service); everything else is real — in-process, no broker, no sleeps.

const runId = randomUUID().slice(0, 8);

/** The router's policy API as the service calls it: the current policy, and the versions it was asked to store. */
class RouterStandIn implements Pick<RouterPolicyClient, 'current' | 'put'> {
  readonly puts: { workflow: string; policy: RoutingPolicyDocument; ifVersion: number; onBehalfOf?: string }[] = [];
  policy: RoutingPolicyDocument = { threshold: 0.9, trustLevel: 2 } as RoutingPolicyDocument;

  async current() {
    return { version: 7, policy: this.policy };
  }

  async put(workflow: string, policy: RoutingPolicyDocument, _reason: string, ifVersion: number, onBehalfOf?: string) {
    this.puts.push({ workflow, policy, ifVersion, onBehalfOf });
    // The router applies a change that raises oversight at once (200, the new version); one that lowers it would be
    // a proposal ({ proposalId }) under the two-person rule.
    return { version: ifVersion + 1 };
  }
}

describe('RecommendationsService against Postgres', () => {
  let module: TestingModule;
  let service: RecommendationsService;
  let judgments: JudgmentStore;
  let store: RecommendationStore;
  let dataSource: DataSource;
  let router: RouterStandIn;
  let workflowCount = 0;

  beforeAll(async () => {
    router = new RouterStandIn();
    module = await serviceParts({
      environment: FeedbackEnvironment,
      // A 5% target: 300 correct random samples put the Wilson upper bound (about 1.3%) under it.
      env: { FEEDBACK_TARGET_ERROR_RATE: '0.05' },
      database: { schema: 'feedback', entities: [], migrations: feedbackMigrations },
      providers: [
        JudgmentStore,
        StatisticsStore,
        RecommendationStore,
        RecommendationsService,
        { provide: Outbox, useValue: new Outbox('feedback') },
        { provide: RouterPolicyClient, useValue: router },
      ],
    });
    service = module.get(RecommendationsService);
    judgments = module.get(JudgmentStore);
    store = module.get(RecommendationStore);
    dataSource = module.get(DataSource);
  });

  afterAll(() => module?.close());

  const aWorkflow = () => `medium-${runId}-${++workflowCount}`;

  /** `count` approvals of random samples routed under threshold 0.9, confidences spread over 0.5..1. */
  async function approvedSamples(workflow: string, count: number) {
    const completedAt = new Date().toISOString();
    const events = Array.from({ length: count }, (_, index) =>
      aReviewCompletion({
        decisionId: randomUUID(),
        taskId: randomUUID(),
        workflow,
        verdict: 'approve',
        finalOutput: { ok: true },
        aiOutput: { ok: true },
        diff: [],
        reasonCode: undefined,
        comment: undefined,
        confidence: 0.5 + (0.5 * index) / count,
        routing: aRouting({ randomSample: true, threshold: 0.9, trustLevel: 2, requiredApprovals: 1 }),
        completedAt,
      }),
    );
    await judgments.insert(events);
  }

  async function outboxCount(workflow: string): Promise<number> {
    const [{ n }] = await dataSource.query(
      'SELECT count(*)::int AS n FROM feedback.outbox WHERE topic = $1 AND key = $2',
      [Topics.policyRecommendations, workflow],
    );
    return n;
  }

  it('recommends a lower threshold when the released error rate is well under target, and says why', async () => {
    const workflow = aWorkflow();
    await approvedSamples(workflow, 300);
    const issued = (await service.run()).filter((recommendation) => recommendation.workflow === workflow);
    const threshold = issued.find((recommendation) => recommendation.kind === 'threshold');
    expect(threshold).toMatchObject({ current: 0.9, evidence: { releasedErrors: 0, maxErrorRate: 0.05 } });
    expect(threshold?.recommended).toBeLessThan(0.9);
    expect(threshold?.evidence.errorRateUpper95).toBeLessThan(0.05);
    expect(await outboxCount(workflow)).toBe(issued.length);
  });

  it('issues nothing new when the evidence has not changed', async () => {
    const workflow = aWorkflow();
    await approvedSamples(workflow, 300);
    const first = (await service.run()).filter((recommendation) => recommendation.workflow === workflow);
    expect(first.length).toBeGreaterThan(0);
    const second = (await service.run()).filter((recommendation) => recommendation.workflow === workflow);
    expect(second).toEqual([]);
    expect(await outboxCount(workflow)).toBe(first.length);
  });

  it('recommends nothing on too few samples', async () => {
    const workflow = aWorkflow();
    await approvedSamples(workflow, 20);
    expect((await service.run()).filter((recommendation) => recommendation.workflow === workflow)).toEqual([]);
  });

  it('applies a recommendation through the policy API only for a workflow that opted in, and settles it', async () => {
    const quiet = aWorkflow();
    const optedIn = aWorkflow();
    await approvedSamples(quiet, 300);
    await approvedSamples(optedIn, 300);
    await store.setTarget(optedIn, { maxErrorRate: 0.05, autoApply: true }, 'medium-spec');
    router.puts.length = 0;
    await service.run();
    expect(router.puts.map((put) => put.workflow)).toEqual(expect.arrayContaining([optedIn]));
    expect(router.puts.map((put) => put.workflow)).not.toContain(quiet);
    expect(router.puts.every((put) => put.ifVersion === 7)).toBe(true);
    // Filed for the admin who set the target: the router then refuses that admin's approval of a promotion.
    expect(router.puts.map((put) => put.onBehalfOf)).toEqual(router.puts.map(() => 'medium-spec'));
    const settled: { applied_version: number }[] = await dataSource.query(
      'SELECT applied_version FROM feedback.recommendations WHERE workflow = $1 AND settled_at IS NOT NULL',
      [optedIn],
    );
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.every((row) => row.applied_version === 8)).toBe(true);
    expect(await store.unsettled()).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ workflow: optedIn })]),
    );
  });
});
