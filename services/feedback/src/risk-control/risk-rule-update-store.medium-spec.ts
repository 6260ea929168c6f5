import { TestingModule } from '@nestjs/testing';
import { LearnedRiskRule } from '@countersign/contracts';
import { serviceParts } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { feedbackMigrations } from '../database/migrations';
import { FeedbackEnvironment } from '../feedback-environment';
import { RiskRuleUpdateStore } from './risk-rule-update-store';

// RiskRuleUpdateStore on the real feedback schema: one risk-control pass at a time across replicas (the advisory
// lock is per database session, so two stores sharing a pool contend exactly as two replicas would).

const rule = (cut: number): LearnedRiskRule => ({
  modelVersion: 'v1',
  mode: 'confidence',
  cut,
  maxErrorRate: 0.02,
  confidence: 0.95,
  trustLevel: 2,
  evidence: {},
  learnedAt: '2026-12-04T21:00:00.000Z',
});

describe('RiskRuleUpdateStore against Postgres', () => {
  let module: TestingModule;
  let store: RiskRuleUpdateStore;

  beforeAll(async () => {
    module = await serviceParts({
      environment: FeedbackEnvironment,
      database: { schema: 'feedback', entities: [], migrations: feedbackMigrations },
      providers: [RiskRuleUpdateStore],
    });
    store = module.get(RiskRuleUpdateStore);
  });

  afterAll(() => module?.close());

  it('runs one pass at a time: a second replica skips while the first holds the lock, and runs after it', async () => {
    let inner: boolean | undefined;
    const outer = await store.exclusively(async () => {
      inner = await store.exclusively(async () => undefined);
    });
    expect([outer, inner]).toEqual([true, false]);
    expect(await store.exclusively(async () => undefined)).toBe(true);
  });

  it('frees the lock when a pass fails', async () => {
    await expect(store.exclusively(() => Promise.reject(new Error('router down')))).rejects.toThrow('router down');
    expect(await store.exclusively(async () => undefined)).toBe(true);
  });

  it('tells what became of the last looser update, so advice can still be sent once the workflow opts in', async () => {
    const workflow = `medium-${randomUUID().slice(0, 8)}`;
    expect(await store.lastLooser(workflow)).toBeUndefined();
    await store.record({ workflow, direction: 'looser', rules: [rule(0.9)], outcome: 'advice', note: 'n' });
    expect(await store.lastLooser(workflow)).toEqual({ cuts: '[["v1",0.9]]', outcome: 'advice' });
  });

  it('lists what became of each update, newest first, by workflow and outcome', async () => {
    const [a, b] = [`medium-${randomUUID().slice(0, 8)}`, `medium-${randomUUID().slice(0, 8)}`];
    await store.record({ workflow: a, direction: 'looser', rules: [rule(0.9)], outcome: 'advice', note: 'first' });
    await store.record({
      workflow: a,
      direction: 'tighter',
      rules: [],
      outcome: 'applied',
      policyVersion: 7,
      note: 'withdrawn',
    });
    await store.record({
      workflow: b,
      direction: 'looser',
      rules: [rule(0.8)],
      outcome: 'proposed',
      proposalId: 'p-1',
      note: 'b',
    });

    const ofA = await store.recent({ workflow: a, limit: 10 });
    expect(ofA.map((update) => [update.note, update.outcome, update.policyVersion])).toEqual([
      ['withdrawn', 'applied', 7],
      ['first', 'advice', undefined],
    ]);
    expect(ofA[1]).toMatchObject({ direction: 'looser', rules: [rule(0.9)] });
    expect(Date.parse(ofA[0].recordedAt)).toBeGreaterThanOrEqual(Date.parse(ofA[1].recordedAt));
    expect((await store.recent({ workflows: [a, b], outcome: 'advice', limit: 10 })).map((u) => u.note)).toEqual([
      'first',
    ]);
    expect((await store.recent({ workflows: [b], limit: 10 })).map((u) => [u.workflow, u.proposalId])).toEqual([
      [b, 'p-1'],
    ]);
    expect(await store.recent({ workflows: [a, b], limit: 1 })).toHaveLength(1);
  });
});
