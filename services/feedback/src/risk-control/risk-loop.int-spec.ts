import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import {
  AuditEventV1,
  ReviewCompletedV1,
  RiskBudgetSettings,
  RoutedDecisionV1,
  ScalarRecord,
  Topics,
} from '@countersign/contracts';
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
// Under the opt-in segmentBy, each region learns its own rule from its own evidence, a decision without a region is
// reviewed outside the evidence, and segmenting by another attribute voids every rule at once.

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

  /** Sends `n` decisions of `version`, confidence uniform in [0.6, 1), and waits for their routing. */
  async function route(n: number, version: string, into = workflow): Promise<RoutedDecisionV1[]> {
    return send(
      Array.from({ length: n }, () => ({
        version,
        confidence: 0.6 + 0.4 * random.next(),
        attributes: { amount: 1_000, region: 'EU' },
      })),
      into,
    );
  }

  /** Sends one decision per item and waits for their routing. */
  async function send(
    items: Array<{ version: string; confidence: number; attributes: ScalarRecord }>,
    into = workflow,
  ): Promise<RoutedDecisionV1[]> {
    const n = items.length;
    const ids = items.map(() => `${into}-${sent++}`);
    const decisions = items.map(({ version, confidence, attributes }, i) =>
      aDecision({
        id: ids[i],
        workflow: into,
        model: { name: 'clause-extractor', version },
        confidence: Math.round(confidence * 1e4) / 1e4,
        attributes,
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

  /** Approves a pending proposal of `into` as the second admin. */
  async function approveProposal(into: string, id: string): Promise<void> {
    const path = `/policies/${into}/proposals/${id}/approve`;
    expect((await call(router.baseUrl, 'POST', path, undefined, secondAdmin)).status).toBe(200);
  }

  /**
   * Sets feedback's target as admin-1; one that accepts more released error than the default is a proposal (ADR
   * 0006), which the second admin approves. The target stays admin-1's: what feedback files on it is filed for them.
   */
  async function setTarget(into: string, target: { maxErrorRate: number; autoApply: boolean }): Promise<void> {
    const put = await call(feedback.baseUrl, 'PUT', `/targets/${into}`, target);
    expect([202, 204]).toContain(put.status);
    if (put.status === 204) return;
    const path = `/targets/${into}/proposals/${put.body.id}/approve`;
    expect((await call(feedback.baseUrl, 'POST', path, undefined, secondAdmin)).status).toBe(200);
  }

  /** Stores a first policy with `riskBudget` (a second admin approves it) and opts `into` in to auto-apply. */
  async function startBudget(
    into: string,
    riskBudget: Partial<RiskBudgetSettings> & { maxErrorRate: number },
    reason: string,
  ): Promise<void> {
    const put = await call(router.baseUrl, 'PUT', `/policies/${into}`, {
      policy: { threshold: 0, trustLevel: 1, riskBudget },
      reason,
    });
    expect(put.status).toBe(202); // a first policy lowers oversight
    await approveProposal(into, put.body.id);
    await setTarget(into, { maxErrorRate: riskBudget.maxErrorRate, autoApply: true });
  }

  /** The pending proposal of `into` by feedback whose lowered oversight matches every pattern, if there is one. */
  async function proposedByFeedback(into: string, ...lowering: RegExp[]): Promise<any> {
    const list = (await call(router.baseUrl, 'GET', `/policies/${into}/proposals`)).body as any[];
    return list.find(
      (p) =>
        p.status === 'pending' &&
        p.proposedBy === 'service:feedback' &&
        lowering.every((pattern) => pattern.test(p.lowers.join(' '))),
    );
  }

  /**
   * Feeds rounds of judged evidence (`round`) until feedback proposes rules lowering oversight as every pattern says.
   * How much evidence certifies a first cut varies from run to run — the burn-in places the cuts, and a first cut that
   * releases few decisions needs many more — so the test adds evidence instead of betting on one amount.
   */
  async function proposalAfterRounds(into: string, round: () => Promise<void>, ...lowering: RegExp[]): Promise<any> {
    return until(
      `a proposal by feedback: ${lowering.join(' ')}`,
      async () => {
        await round();
        for (const deadline = Date.now() + 8_000; Date.now() < deadline; await sleep(500)) {
          const proposal = await proposedByFeedback(into, ...lowering);
          if (proposal) return proposal;
        }
        return undefined;
      },
      150_000,
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
    await setTarget(workflow, { maxErrorRate: 0.2, autoApply: true });

    // Nothing certified: every decision to review, propensity 1, level 1. Feedback certifies a cut; releasing more
    // lowers oversight, so it arrives as a proposal by service:feedback.
    let rounds = 0;
    const proposal = await proposalAfterRounds(
      workflow,
      async () => {
        const first = await route(rounds++ === 0 ? 800 : 200, 'v1');
        expect(first.every((r) => r.routing.route === 'review' && r.routing.reviewPropensity === 1)).toBe(true);
        expect(first.every((r) => r.routing.reasons.includes('risk_uncertified') && r.routing.trustLevel === 1)).toBe(
          true,
        );
        await judge(first, (r) => r.decision.confidence < 0.62);
      },
      /learnedRules\[v1\] in force: cut 0\.\d+/,
    );
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
    const approve = (id: string) => approveProposal(warm, id);
    const pendingByFeedback = (lowering: RegExp) =>
      until(`a proposal by feedback: ${lowering}`, () => proposedByFeedback(warm, lowering));
    await startBudget(warm, { ...BUDGET, warmStartSteps: 1 }, 'risk budget with a warm start of new versions');

    let rounds = 0;
    const v1Rule = await proposalAfterRounds(
      warm,
      async () => judge(await route(rounds++ === 0 ? 800 : 200, 'v1', warm), (r) => r.decision.confidence < 0.62, warm),
      /learnedRules\[v1\] in force/,
    );
    await approve(v1Rule.id);

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

  it('under segmentBy, learns each region its own rule, reviews decisions without one, and voids all on a change', async () => {
    const segmented = `${workflow}-segments`;
    const budget = { maxErrorRate: 0.3, confidence: 0.9, sampleRate: 0.1, segmentBy: 'region' };
    await startBudget(segmented, budget, 'risk budget per region');

    // Different evidence per region: EU is wrong only below 0.62; half of US sits at 0.7 and is always wrong, the
    // other half is sure (0.9 and up) and right. A US rule releasing at 0.7 would release 50% wrong.
    const decision = (region: string) => ({
      version: 'v1',
      attributes: { region },
      confidence: region === 'EU' ? 0.6 + 0.4 * random.next() : random.next() < 0.5 ? 0.7 : 0.9 + 0.1 * random.next(),
    });
    const notSampling = (reasons: string[]) => reasons.filter((reason) => reason !== 'random_sample');
    const wrong = (r: RoutedDecisionV1) =>
      r.decision.confidence < (r.decision.attributes['region'] === 'EU' ? 0.62 : 0.8);

    const unknown = await send(
      ([{}, { region: 7 }, { region: '' }] as ScalarRecord[]).map((attributes) => ({
        version: 'v1',
        confidence: 0.99,
        attributes,
      })),
      segmented,
    );
    for (const r of unknown) {
      expect(r.routing).toMatchObject({ route: 'review', reviewPropensity: 1 });
      expect(notSampling(r.routing.reasons)).toEqual(['segment_unknown']);
      expect(r.routing.riskControl).toMatchObject({ segmentBy: 'region', governed: false });
      expect(r.routing.riskControl?.segment).toBeUndefined();
    }

    // Rounds of evidence until feedback offers both regions a rule (a segment's first rule: less oversight).
    const proposal = await proposalAfterRounds(
      segmented,
      async () => {
        const routed = await send(
          Array.from({ length: 400 }, (_, i) => decision(i % 2 === 0 ? 'EU' : 'US')),
          segmented,
        );
        expect(routed.every((r) => r.routing.reasons.includes('risk_uncertified'))).toBe(true);
        expect(routed.map((r) => r.routing.riskControl?.segment)).toEqual(
          routed.map((r) => r.decision.attributes['region']),
        );
        await judge(routed, wrong, segmented);
      },
      /learnedRules\[v1 × region=EU\] in force/,
      /learnedRules\[v1 × region=US\] in force/,
    );
    expect(proposal.reason).toMatch(/v1 × region=(EU|US): cut none -> .* \(n=\d+/);
    await approveProposal(segmented, proposal.id);
    const applied = (await call(router.baseUrl, 'GET', `/policies/${segmented}`)).body;
    const rules = applied.policy.riskBudget.learnedRules as any[];
    const [eu, us] = ['EU', 'US'].map((region) => rules.find((rule) => rule.segment === region));
    expect(eu).toMatchObject({ modelVersion: 'v1', segmentBy: 'region', maxErrorRate: 0.3 });
    expect(us).toMatchObject({ modelVersion: 'v1', segmentBy: 'region', maxErrorRate: 0.3 });
    expect(us.cut).toBeGreaterThan(0.7); // US's own evidence: its wrong band is never released
    expect(us.cut).not.toBe(eu.cut);

    // Each region routed by its own cut; a decision without a region is still reviewed, outside the evidence.
    const mixed = await send(
      [
        ...Array.from({ length: 40 }, (_, i) => decision(i % 2 === 0 ? 'EU' : 'US')),
        { version: 'v1', confidence: 0.99, attributes: {} },
      ],
      segmented,
    );
    for (const r of mixed) {
      const region = r.decision.attributes['region'];
      if (region === undefined) {
        expect(notSampling(r.routing.reasons)).toEqual(['segment_unknown']);
        continue;
      }
      const rule = region === 'EU' ? eu : us;
      expect(r.routing.riskControl).toMatchObject({ cut: rule.cut, segment: region, governed: true });
      expect(r.routing.reviewPropensity).toBe(r.decision.confidence >= rule.cut ? 0.1 : 1);
    }
    const usReleased = mixed.filter(
      (r) => r.decision.attributes['region'] === 'US' && r.routing.route === 'autonomous',
    );
    expect(usReleased.filter(wrong)).toEqual([]); // its wrong band stays in review

    // Segmenting by another attribute voids every rule at once (more oversight: no second admin), and feedback drops
    // the void rules from the policy, saying why on the trail.
    const change = await call(router.baseUrl, 'PUT', `/policies/${segmented}`, {
      policy: { ...applied.policy, riskBudget: { ...applied.policy.riskBudget, segmentBy: 'country' } },
      reason: 'segment by country instead',
    });
    expect(change.status).toBe(200);
    const after = await send(
      [
        { region: 'EU', country: 'DE' },
        { region: 'US', country: 'US' },
      ].map((attributes) => ({ version: 'v1', confidence: 0.99, attributes })),
      segmented,
    );
    for (const r of after) {
      expect(notSampling(r.routing.reasons)).toEqual(['risk_uncertified']);
      expect(r.routing.riskControl).toMatchObject({ segmentBy: 'country', segment: r.decision.attributes['country'] });
      expect(r.routing.riskControl?.cut).toBeUndefined();
    }
    const dropped = await until('feedback drops the void rules', async () => {
      const now = (await call(router.baseUrl, 'GET', `/policies/${segmented}`)).body;
      return now.changedBy === 'service:feedback' && now.policy.riskBudget.learnedRules.length === 0 ? now : undefined;
    });
    expect(dropped.reason).toMatch(/more oversight, applied at once.*v1 × region=EU: void under this budget/);
  }, 240_000);
});
