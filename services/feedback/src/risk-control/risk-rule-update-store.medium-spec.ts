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
});
