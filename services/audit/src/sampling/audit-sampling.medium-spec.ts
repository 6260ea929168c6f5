import { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { FinalDecisionV1 } from '@countersign/contracts';
import { aFinalDecision, aRouting } from '@countersign/contracts/testing';
import { serviceParts } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { AuditEnvironment } from '../audit-environment';
import { auditMigrations } from '../database/migrations';
import { AuditPlanStore } from './audit-plan-store';
import { AuditSampleStore } from './audit-sample-store';
import { AuditSampling } from './audit-sampling';

// AuditSampling with its stores on the real audit schema: which released decisions are drawn for a check, that a
// redelivered outcome draws nothing twice, that the minimum fills each stratum and no more, and that a check's
// verdict joins its sample once — in-process, no broker, no sleeps.

const runId = randomUUID().slice(0, 8);

describe('AuditSampling against Postgres', () => {
  let module: TestingModule;
  let sampling: AuditSampling;
  let plans: AuditPlanStore;
  let dataSource: DataSource;
  let workflowCount = 0;

  beforeAll(async () => {
    module = await serviceParts({
      environment: AuditEnvironment,
      database: { schema: 'audit', entities: [], migrations: auditMigrations },
      providers: [AuditPlanStore, AuditSampleStore, AuditSampling],
    });
    sampling = module.get(AuditSampling);
    plans = module.get(AuditPlanStore);
    dataSource = module.get(DataSource);
  });

  afterAll(() => module?.close());

  const aWorkflow = () => `medium-${runId}-${++workflowCount}`;

  const released = (workflow: string, overrides: Partial<FinalDecisionV1> = {}): FinalDecisionV1 =>
    aFinalDecision({
      decisionId: randomUUID(),
      workflow,
      outcome: 'autonomous',
      confidence: 0.97,
      routing: aRouting({ route: 'autonomous', trustLevel: 4, requiredApprovals: 1 }),
      decidedAt: new Date().toISOString(),
      ...overrides,
    });

  const consider = (final: FinalDecisionV1) =>
    dataSource.transaction((manager) => sampling.consider(manager, final, undefined, new Date()));

  async function samplesOf(workflow: string): Promise<{ decision_id: string; reason: string }[]> {
    return dataSource.query('SELECT decision_id, reason FROM audit.samples WHERE workflow = $1', [workflow]);
  }

  it('draws a released decision into the minimum of its stratum and asks review for an audit task', async () => {
    const workflow = aWorkflow();
    const final = released(workflow);
    const check = await consider(final);
    expect(check?.request).toMatchObject({ decisionId: final.decisionId, kind: 'audit' });
    expect(check?.sampled).toMatchObject({ type: 'audit.sampled', decisionId: final.decisionId });
    // The first decision of an empty stratum is drawn: by the sampling rate when its keyed point falls under it (a
    // random id, so now and then), else to meet the stratum's minimum.
    const samples = await samplesOf(workflow);
    expect(samples).toEqual([{ decision_id: final.decisionId, reason: expect.stringMatching(/^(minimum|rate)$/) }]);
  });

  it('draws nothing again when the same outcome is delivered twice', async () => {
    const workflow = aWorkflow();
    const final = released(workflow);
    expect(await consider(final)).not.toBeNull();
    expect(await consider(final)).toBeNull();
    expect(await samplesOf(workflow)).toHaveLength(1);
  });

  it('leaves reviewed decisions alone: only autonomous releases are audited after the fact', async () => {
    const workflow = aWorkflow();
    expect(await consider(released(workflow, { outcome: 'approved' }))).toBeNull();
    expect(await samplesOf(workflow)).toEqual([]);
  });

  it('fills a stratum’s share of the minimum and then draws only by rate', async () => {
    const workflow = aWorkflow();
    // One bucket (no cuts), minimum 3, rate 0: exactly the first three are drawn, whatever arrives after.
    await plans.save(
      {
        workflow,
        ratesByTrustLevel: { 1: 0, 2: 0, 3: 0, 4: 0 },
        minimumPerPeriod: 3,
        period: 'week',
        confidenceCuts: [],
      },
      'medium-spec',
    );
    const finals = Array.from({ length: 6 }, () => released(workflow));
    for (const final of finals) await consider(final);
    const drawn = (await samplesOf(workflow)).map((sample) => sample.decision_id).sort();
    expect(drawn).toEqual(
      finals
        .slice(0, 3)
        .map((final) => final.decisionId)
        .sort(),
    );
  });

  it('joins an audit verdict to its sample once, and says when there is no sample', async () => {
    const workflow = aWorkflow();
    const final = released(workflow);
    await consider(final);
    const judge = (decisionId: string) =>
      dataSource.transaction((manager) =>
        sampling.judge(manager, decisionId, randomUUID(), 'reject', new Date().toISOString()),
      );
    expect(await judge(final.decisionId)).toBe(true);
    expect(await judge(final.decisionId)).toBe(false);
    expect(await judge(randomUUID())).toBe(false);
  });
});
