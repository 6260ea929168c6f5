import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { AuditEventV1, ReviewCompletedV1, RoutedDecisionV1, Topics } from '@countersign/contracts';
import { aDecision, aReviewCompletion } from '@countersign/contracts/testing';
import { SeededRandom } from '@countersign/statistics';
import { apiRequest, json, KafkaProbe, readInfrastructure, ServiceProcess } from '@countersign/testing';

// The risk-budget loop through the real router and feedback processes, Kafka and Postgres (issue #15). The test plays
// the producer and the reviewers: decisions go to countersign.decisions, verdicts to countersign.review.completed. A
// workflow with a risk budget is reviewed in full until feedback certifies a cut from the stored judgments; the cut
// lowers oversight, so it waits for a second admin; applied, the router releases above it with a known propensity. A
// new model version is reviewed in full at once; when the released samples turn out wrong, feedback's drift alarm
// withdraws the rule without waiting for anyone. Under the opt-in warm start, a new version is offered its
// predecessor's certified cut, one cut back, as a rule naming the predecessor — less oversight, so a second admin's.

const runId = Date.now().toString(36);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BUDGET = { maxErrorRate: 0.2, confidence: 0.9, sampleRate: 0.1 };

describe('risk-budget routing, learned and applied', () => {
  const infrastructure = readInfrastructure();
  const common = {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    LOG_LEVEL: 'warn',
  };
  const router = new ServiceProcess('router', 24213, { ...common, INSTANCE_ID: 'router-risk-loop-0' });
  const feedback = new ServiceProcess('feedback', 24212, {
    ...common,
    INSTANCE_ID: 'feedback-risk-loop-0',
    FEEDBACK_RECOMMEND_INTERVAL_MS: String(3_600_000),
    FEEDBACK_RISK_INTERVAL_MS: '1000',
    FEEDBACK_RISK_BURN_IN: '40',
    FEEDBACK_ROUTER_URL: router.baseUrl,
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const workflow = `risk-${runId}`;
  const random = new SeededRandom(`risk-loop-${runId}`);
  let admin: string;
  let secondAdmin: string;
  let sent = 0;

  const call = (baseUrl: string, method: string, path: string, body?: unknown, token = admin) =>
    apiRequest(`${baseUrl}/api/v1${path}`, method, { token, body });

  /** Sends `n` decisions of `version` (right unless confidence < 0.62, or `wrongIfReleased` and released) and waits for their routing. */
  async function route(n: number, version: string, into = workflow): Promise<RoutedDecisionV1[]> {
    const ids = Array.from({ length: n }, () => `${into}-${sent++}`);
    const decisions = ids.map((id) =>
      aDecision({
        id,
        workflow: into,
        model: { name: 'clause-extractor', version },
        confidence: Math.round((0.6 + 0.4 * random.next()) * 1e4) / 1e4,
        attributes: { amount: 1_000, region: 'EU' },
        flags: [],
      }),
    );
    await kafka.sendMany(
      Topics.decisions,
      decisions.map((decision) => ({ key: decision.id, value: JSON.stringify(decision) })),
    );
    const wanted = new Set(ids);
    const routed = await kafka.waitFor((record) => wanted.has(String(record.key)), n, 60_000);
    return routed
      .map((record) => json<RoutedDecisionV1>(record))
      .filter((r) => r.decisionId && wanted.has(r.decisionId));
  }

  /** Judges every decision routed to review, as reviewers would: wrong when `isWrong` says so. */
  async function judge(
    routed: RoutedDecisionV1[],
    isWrong: (r: RoutedDecisionV1) => boolean,
    into = workflow,
  ): Promise<void> {
    const aiOutput = aDecision().output;
    const corrected = { ...aiOutput, governingLaw: 'Austria' };
    const judgments: ReviewCompletedV1[] = routed
      .filter((r) => r.routing.route === 'review')
      .map((r) => {
        const wrong = isWrong(r);
        return JSON.parse(
          JSON.stringify({
            ...aReviewCompletion({
              decisionId: r.decisionId,
              taskId: `review-${r.decisionId}`,
              kind: 'review',
              workflow: into,
              verdict: wrong ? 'correct' : 'approve',
              aiOutput,
              finalOutput: wrong ? corrected : aiOutput,
              diff: wrong ? [{ path: '/governingLaw', before: aiOutput.governingLaw, after: 'Austria' }] : [],
              reviewers: ['reviewer:r1'],
              timeOnTaskMs: 30_000,
              routing: r.routing,
              model: r.decision.model,
              confidence: r.decision.confidence,
              completedAt: new Date().toISOString(),
            }),
            ...(wrong ? {} : { reasonCode: undefined, comment: undefined }),
          }),
        ) as ReviewCompletedV1;
      });
    await kafka.sendMany(
      Topics.reviewCompleted,
      judgments.map((j) => ({ key: j.decisionId, value: JSON.stringify(j) })),
    );
  }

  async function policy(): Promise<any> {
    return (await call(router.baseUrl, 'GET', `/policies/${workflow}`)).body;
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(500)) {
      const found = await probe();
      if (found !== undefined) return found;
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    await Promise.all([router.start(), feedback.start()]);
    await kafka.watch([Topics.decisionsRouted, Topics.auditEvents]);
    admin = await mintDevelopmentToken(
      { sub: 'admin-1', roles: ['admin'], workflows: ['*'] },
      DEVELOPMENT_HS256_SECRET,
    );
    secondAdmin = await mintDevelopmentToken(
      { sub: 'admin-2', roles: ['admin'], workflows: ['*'] },
      DEVELOPMENT_HS256_SECRET,
    );
  }, 120_000);

  afterAll(async () => {
    await kafka.close();
    await Promise.all([feedback.stop(), router.stop()]);
  });

  it('refuses a malformed budget with the field of each problem', async () => {
    const put = await call(router.baseUrl, 'PUT', `/policies/${workflow}-bad`, {
      policy: { threshold: 0, trustLevel: 1, riskBudget: { maxErrorRate: 0.02, errorCostAttribute: 'amount' } },
      reason: 'expected-loss mode without a review cost',
    });
    expect(put.status).toBe(400);
    expect(JSON.stringify(put.body)).toContain('policy.riskBudget.reviewCost');
    const range = await call(router.baseUrl, 'PUT', `/policies/${workflow}-bad`, {
      policy: { threshold: 0, trustLevel: 1, riskBudget: { maxErrorRate: 2 } },
      reason: 'a budget above 50%',
    });
    expect(range.status).toBe(400);
    expect(JSON.stringify(range.body)).toContain('maxErrorRate');
  });

  it('reviews in full, certifies a cut from the judgments, releases above it, and falls back at once', async () => {
    const put = await call(router.baseUrl, 'PUT', `/policies/${workflow}`, {
      policy: { threshold: 0, trustLevel: 1, riskBudget: BUDGET },
      reason: 'risk budget: 20% released error at 90% confidence',
    });
    expect(put.status).toBe(202); // a first policy lowers oversight: the second admin approves it
    const approve = `/policies/${workflow}/proposals/${put.body.id}/approve`;
    expect((await call(router.baseUrl, 'POST', approve, undefined, secondAdmin)).status).toBe(200);
    expect(
      (await call(feedback.baseUrl, 'PUT', `/targets/${workflow}`, { maxErrorRate: 0.2, autoApply: true })).status,
    ).toBe(204);

    // Nothing certified: every decision to review, propensity 1, level 1.
    const first = await route(800, 'v1');
    expect(first.every((r) => r.routing.route === 'review' && r.routing.reviewPropensity === 1)).toBe(true);
    expect(first.every((r) => r.routing.reasons.includes('risk_uncertified') && r.routing.trustLevel === 1)).toBe(true);
    await judge(first, (r) => r.decision.confidence < 0.62);

    // Feedback certifies a cut; releasing more lowers oversight, so it arrives as a proposal by service:feedback.
    const proposal = await until('a proposal by feedback', async () => {
      const list = (await call(router.baseUrl, 'GET', `/policies/${workflow}/proposals`)).body as any[];
      return list.find((p) => p.status === 'pending' && p.proposedBy === 'service:feedback');
    });
    expect(proposal.lowers.join(' ')).toMatch(/learnedRules\[v1\] in force: cut 0\.\d+/);
    expect(proposal.reason).toMatch(/budget 20\.00% released error at 90% confidence; v1: cut none -> .* \(n=\d+/);
    expect(
      (
        await call(
          router.baseUrl,
          'POST',
          `/policies/${workflow}/proposals/${proposal.id}/approve`,
          undefined,
          secondAdmin,
        )
      ).status,
    ).toBe(200);
    const applied = await policy();
    const rule = applied.policy.riskBudget.learnedRules[0];
    expect(rule).toMatchObject({ modelVersion: 'v1', mode: 'confidence', maxErrorRate: 0.2, confidence: 0.9 });
    expect(rule.evidence.releasedErrorUpper95).toBeLessThan(0.2);

    // Routed by the cut now: above it released (propensity = sample rate), below it reviewed (propensity 1).
    const second = await route(150, 'v1');
    for (const r of second) {
      const above = r.decision.confidence >= rule.cut;
      expect(r.routing.riskControl).toMatchObject({ cut: rule.cut, governed: true, sampleRate: 0.1 });
      expect(r.routing.reviewPropensity).toBe(above ? 0.1 : 1);
      expect(r.routing.route).toBe(above && !r.routing.randomSample ? 'autonomous' : 'review');
      expect(r.routing.trustLevel).toBe(rule.trustLevel);
    }
    expect(second.filter((r) => r.routing.route === 'autonomous').length).toBeGreaterThan(50);

    // A new model version has no evidence of its own: reviewed in full at once.
    const fresh = await route(20, 'v2');
    expect(fresh.every((r) => r.routing.reasons.includes('risk_uncertified') && r.routing.reviewPropensity === 1)).toBe(
      true,
    );

    // The released decisions start failing: every sampled one is judged wrong. The drift alarm withdraws v1's rule,
    // applied at once by service:feedback with no second admin.
    let routed = second;
    const versionBefore = applied.version;
    const withdrawn = await until(
      'the rule withdrawn',
      async () => {
        await judge(routed, (r) => r.routing.reasons.includes('random_sample') || r.decision.confidence < 0.62);
        await sleep(2_500);
        const now = await policy();
        if (now.version > versionBefore && now.policy.riskBudget.learnedRules.length === 0) return now;
        routed = await route(100, 'v1');
        return undefined;
      },
      180_000,
    );
    expect(withdrawn.changedBy).toBe('service:feedback');
    expect(withdrawn.reason).toMatch(/more oversight, applied at once.*v1: rule withdrawn/);
    const after = await route(20, 'v1');
    expect(after.every((r) => r.routing.reasons.includes('risk_uncertified') && r.routing.reviewPropensity === 1)).toBe(
      true,
    );

    const audits = await kafka.waitFor(
      (record) =>
        record.key === workflow &&
        json<AuditEventV1>(record).type === 'policy.changed' &&
        json<AuditEventV1>(record).actor === 'service:feedback',
      2,
    );
    expect(audits.length).toBeGreaterThanOrEqual(2);
  }, 420_000);

  it('under the opt-in warm start, offers a new version its predecessor’s cut, through the second admin', async () => {
    const warm = `${workflow}-warm`;
    const approve = async (id: string) =>
      expect(
        (await call(router.baseUrl, 'POST', `/policies/${warm}/proposals/${id}/approve`, undefined, secondAdmin))
          .status,
      ).toBe(200);
    const pendingByFeedback = (lowering: RegExp) =>
      until(`a proposal by feedback: ${lowering}`, async () => {
        const list = (await call(router.baseUrl, 'GET', `/policies/${warm}/proposals`)).body as any[];
        return list.find(
          (p) => p.status === 'pending' && p.proposedBy === 'service:feedback' && lowering.test(p.lowers.join(' ')),
        );
      });
    const put = await call(router.baseUrl, 'PUT', `/policies/${warm}`, {
      policy: { threshold: 0, trustLevel: 1, riskBudget: { ...BUDGET, warmStartSteps: 1 } },
      reason: 'risk budget with a warm start of new versions',
    });
    expect(put.status).toBe(202);
    await approve(put.body.id);
    expect(
      (await call(feedback.baseUrl, 'PUT', `/targets/${warm}`, { maxErrorRate: 0.2, autoApply: true })).status,
    ).toBe(204);

    const v1 = await route(800, 'v1', warm);
    await judge(v1, (r) => r.decision.confidence < 0.62, warm);
    await approve((await pendingByFeedback(/learnedRules\[v1\] in force/)).id);

    // v2's first decisions are reviewed in full (no rule yet); once stored, feedback offers v2 the inherited cut.
    const fresh = await route(20, 'v2', warm);
    expect(fresh.every((r) => r.routing.reasons.includes('risk_uncertified'))).toBe(true);
    await judge(fresh, () => false, warm);
    const proposal = await pendingByFeedback(/learnedRules\[v2\] in force/);
    expect(proposal.reason).toMatch(/v2: cut none -> .* \(warm start: inherited from v1/);
    await approve(proposal.id);
    const rules = (await call(router.baseUrl, 'GET', `/policies/${warm}`)).body.policy.riskBudget.learnedRules as any[];
    const [ruleV1, ruleV2] = ['v1', 'v2'].map((v) => rules.find((rule) => rule.modelVersion === v));
    expect(ruleV2).toMatchObject({ inheritedFrom: 'v1' });
    expect(ruleV2.cut).toBeGreaterThan(ruleV1.cut); // a cut more conservative than the predecessor's own

    const released = await route(100, 'v2', warm);
    expect(released.every((r) => r.routing.riskControl?.cut === ruleV2.cut)).toBe(true);
    expect(released.some((r) => r.routing.route === 'autonomous')).toBe(true);
  }, 300_000);
});
