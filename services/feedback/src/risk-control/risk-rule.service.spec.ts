import { register } from 'prom-client';
import { RiskMetrics } from './risk-metrics';
import { RiskBudgetSettings, RoutingPolicyDocument } from '@countersign/contracts';
import { TypedConfig } from '@countersign/platform';
import { RiskEvidence } from '../domain/risk-observation';
import { LastLooser } from '../domain/risk-rule-update';
import { FeedbackEnvironment } from '../feedback-environment';
import { RouterPolicyClient } from '../recommendations/router-policy-client';
import { reviewedInFull } from '../testing/risk-observations';
import { RiskObservationStore } from './risk-observation-store';
import { cutsKey, RiskRuleUpdateRecord, RiskRuleUpdateStore } from './risk-rule-update-store';
import { RiskRuleService } from './risk-rule.service';

/** A calibrated version reviewed in full: enough evidence to certify a cut after the burn-in. */
const calibrated = (n: number) => reviewedInFull(n, 'service');

/** The service over in-memory stores; `lockFree` says whether another replica is running a pass. */
function setUp(options: {
  autoApply: boolean;
  records?: RiskRuleUpdateRecord[];
  lockFree?: boolean;
  warmStartSteps?: number;
  evidence?: RiskEvidence[];
  segmentBy?: string;
}) {
  const records = options.records ?? [];
  const policy = Object.assign(new RoutingPolicyDocument(), {
    threshold: 0.9,
    trustLevel: 1,
    riskBudget: Object.assign(new RiskBudgetSettings(), {
      maxErrorRate: 0.02,
      ...(options.warmStartSteps === undefined ? {} : { warmStartSteps: options.warmStartSteps }),
      ...(options.segmentBy === undefined ? {} : { segmentBy: options.segmentBy }),
    }),
  });
  const put = jest.fn(async () => ({ proposalId: 'p-1' }));
  const observations = {
    workflows: jest.fn(async () => ['contracts']),
    observations: jest.fn(
      async (): Promise<RiskEvidence[]> => options.evidence ?? [{ modelVersion: 'v1', observations: calibrated(4000) }],
    ),
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
    {
      targets: async () =>
        new Map([['contracts', { maxErrorRate: 0.02, autoApply: options.autoApply, setBy: 'admin-of-target' }]]),
    } as never,
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
    // Filed for the admin who opted the workflow in: the router refuses that admin's approval (two-person rule).
    expect(optedIn.put).toHaveBeenCalledWith('contracts', expect.anything(), expect.any(String), 3, 'admin-of-target');
    expect(records.map((r) => r.outcome)).toEqual(['advice', 'proposed']);
  });

  it('does nothing while another replica holds the pass lock', async () => {
    const { service, put, observations } = setUp({ autoApply: true, lockFree: false });
    expect(await service.run()).toBe(false);
    expect(observations.workflows).not.toHaveBeenCalled();
    expect(put).not.toHaveBeenCalled();
  });

  it("under the opt-in warm start, offers a new version its predecessor's cut, named, as less oversight", async () => {
    const evidence = () => [
      { modelVersion: 'v1', observations: calibrated(4000) },
      { modelVersion: 'v2', observations: calibrated(4000).slice(0, 50) },
    ];
    const cold = setUp({ autoApply: false, evidence: evidence() });
    await cold.service.run();
    expect(cold.records[0].rules.map((r) => r.modelVersion)).toEqual(['v1']);
    const warm = setUp({ autoApply: false, warmStartSteps: 2, evidence: evidence() });
    await warm.service.run();
    const [update] = warm.records;
    expect(update).toMatchObject({ direction: 'looser', outcome: 'advice' });
    const v1 = update.rules.find((r) => r.modelVersion === 'v1');
    const v2 = update.rules.find((r) => r.modelVersion === 'v2');
    expect(v2).toMatchObject({ inheritedFrom: 'v1' });
    expect(v2?.cut).toBeGreaterThan(v1?.cut as number);
  });

  it('under segmentBy, reads that segmentation’s evidence and learns each segment its own rule', async () => {
    const { service, records, observations } = setUp({
      autoApply: false,
      segmentBy: 'region',
      evidence: [
        { modelVersion: 'v1', segmentBy: 'region', segment: 'EU', observations: calibrated(4000) },
        { modelVersion: 'v1', segmentBy: 'region', segment: 'US', observations: reviewedInFull(4000, 'region-us', 3) },
      ],
    });
    await service.run();
    expect(observations.observations).toHaveBeenCalledWith('contracts', 'confidence', 'region');
    const [update] = records;
    expect(update.rules.map((r) => [r.modelVersion, r.segmentBy, r.segment])).toEqual([
      ['v1', 'region', 'EU'],
      ['v1', 'region', 'US'],
    ]);
    const [eu, us] = update.rules;
    expect(us.cut).toBeGreaterThan(eu.cut); // three times as over-confident: released only where surer
    expect(update.note).toMatch(/v1 × region=EU: cut none -> .*; v1 × region=US: cut none ->/);
    const bounds = (await register.getSingleMetric('countersign_risk_released_error_upper_bound')?.get())?.values;
    expect(bounds?.map((b) => b.labels)).toEqual([
      { workflow: 'contracts', model_version: 'v1', segment: 'EU' },
      { workflow: 'contracts', model_version: 'v1', segment: 'US' },
    ]);
  });
});
