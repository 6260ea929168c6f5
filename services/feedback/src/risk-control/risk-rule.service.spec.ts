import { register } from 'prom-client';
import { RiskMetrics } from './risk-metrics';
import { RiskBudgetSettings, RoutingPolicyDocument } from '@countersign/contracts';
import { TypedConfig } from '@countersign/platform';
import { SeededRandom } from '@countersign/statistics';
import { RiskObservation } from '../domain/risk-observation';
import { LastLooser } from '../domain/risk-rule-update';
import { FeedbackEnvironment } from '../feedback-environment';
import { RouterPolicyClient } from '../recommendations/router-policy-client';
import { RiskObservationStore } from './risk-observation-store';
import { cutsKey, RiskRuleUpdateRecord, RiskRuleUpdateStore } from './risk-rule-update-store';
import { RiskRuleService } from './risk-rule.service';

/** A calibrated version reviewed in full: enough evidence to certify a cut after the burn-in. */
function calibrated(n: number): RiskObservation[] {
  const random = new SeededRandom('service');
  return Array.from({ length: n }, () => {
    const confidence = 1 - 0.5 * random.next() ** 3;
    return {
      safety: confidence,
      errorCost: 0,
      cutInForce: Number.POSITIVE_INFINITY,
      sampleRate: 0.05,
      propensity: 1,
      toReview: true,
      judged: true,
      wrong: random.next() < 1 - confidence,
      closedUnjudged: false,
    };
  });
}

/** The service over in-memory stores; `lockFree` says whether another replica is running a pass. */
function setUp(options: {
  autoApply: boolean;
  records?: RiskRuleUpdateRecord[];
  lockFree?: boolean;
  warmStartSteps?: number;
  versions?: Map<string, RiskObservation[]>;
}) {
  const records = options.records ?? [];
  const policy = Object.assign(new RoutingPolicyDocument(), {
    threshold: 0.9,
    trustLevel: 1,
    riskBudget: Object.assign(new RiskBudgetSettings(), {
      maxErrorRate: 0.02,
      ...(options.warmStartSteps === undefined ? {} : { warmStartSteps: options.warmStartSteps }),
    }),
  });
  const put = jest.fn(async () => ({ proposalId: 'p-1' }));
  const observations = {
    workflows: jest.fn(async () => ['contracts']),
    observations: async () => options.versions ?? new Map([['v1', calibrated(4000)]]),
  };
  const updates = {
    record: async (update: RiskRuleUpdateRecord) => void records.push(update),
    lastLooser: async (): Promise<LastLooser | undefined> => {
      const last = records.filter((r) => r.direction === 'looser').at(-1);
      return last && { cuts: cutsKey(last.rules), outcome: last.outcome };
    },
    exclusively: async (pass: () => Promise<void>) => (options.lockFree === false ? false : (await pass(), true)),
  };
  const metrics = new RiskMetrics();
  metrics.onModuleInit();
  const service = new RiskRuleService(
    observations as unknown as RiskObservationStore,
    updates as unknown as RiskRuleUpdateStore,
    { targets: async () => new Map([['contracts', { maxErrorRate: 0.02, autoApply: options.autoApply }]]) } as never,
    { find: async () => ({ version: 3, policy }), put } as unknown as RouterPolicyClient,
    { get: () => 400 } as unknown as TypedConfig<FeedbackEnvironment>,
    metrics,
  );
  return { service, records, put, observations };
}

describe('RiskRuleService', () => {
  it('exports the budget and each certified version for the budget-burn alert', async () => {
    const { service } = setUp({ autoApply: false });
    await service.run();
    const series = async (name: string) => (await register.getSingleMetric(name)?.get())?.values ?? [];
    expect(await series('countersign_risk_budget_max_error_rate')).toEqual([
      expect.objectContaining({ labels: { workflow: 'contracts' }, value: 0.02 }),
    ]);
    const [certified] = await series('countersign_risk_certified_versions');
    expect(certified.value).toBeGreaterThan(0);
    const bounds = await series('countersign_risk_released_error_upper_bound');
    expect(bounds).toHaveLength(certified.value);
    for (const bound of bounds) expect(bound.value).toBeGreaterThanOrEqual(0);
  });

  it('records certified looser rules once as advice while the workflow is not opted in to auto-apply', async () => {
    const { service, records, put } = setUp({ autoApply: false });
    await service.run();
    await service.run();
    expect(records.map((r) => r.outcome)).toEqual(['advice']);
    expect(put).not.toHaveBeenCalled();
  });

  it('sends rules recorded only as advice once the workflow opts in, and proposes them only once', async () => {
    const { records } = setUp({ autoApply: false });
    const first = setUp({ autoApply: false, records });
    await first.service.run();
    const optedIn = setUp({ autoApply: true, records });
    await optedIn.service.run();
    await optedIn.service.run();
    expect(optedIn.put).toHaveBeenCalledTimes(1);
    expect(records.map((r) => r.outcome)).toEqual(['advice', 'proposed']);
  });

  it('does nothing while another replica holds the pass lock', async () => {
    const { service, put, observations } = setUp({ autoApply: true, lockFree: false });
    expect(await service.run()).toBe(false);
    expect(observations.workflows).not.toHaveBeenCalled();
    expect(put).not.toHaveBeenCalled();
  });

  it("under the opt-in warm start, offers a new version its predecessor's cut, named, as less oversight", async () => {
    const versions = () =>
      new Map([
        ['v1', calibrated(4000)],
        ['v2', calibrated(4000).slice(0, 50)],
      ]);
    const cold = setUp({ autoApply: false, versions: versions() });
    await cold.service.run();
    expect(cold.records[0].rules.map((r) => r.modelVersion)).toEqual(['v1']);
    const warm = setUp({ autoApply: false, warmStartSteps: 2, versions: versions() });
    await warm.service.run();
    const [update] = warm.records;
    expect(update).toMatchObject({ direction: 'looser', outcome: 'advice' });
    const v1 = update.rules.find((r) => r.modelVersion === 'v1');
    const v2 = update.rules.find((r) => r.modelVersion === 'v2');
    expect(v2).toMatchObject({ inheritedFrom: 'v1' });
    expect(v2?.cut).toBeGreaterThan(v1?.cut as number);
  });
});
