import { TestingModule } from '@nestjs/testing';
import { RiskControlFacts, RoutedDecisionV1 } from '@countersign/contracts';
import { aDecision, aRoutedDecision, aRouting } from '@countersign/contracts/testing';
import { serviceParts } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { feedbackMigrations } from '../database/migrations';
import { FeedbackEnvironment } from '../feedback-environment';
import { RiskObservationStore } from './risk-observation-store';

// RiskObservationStore on the real feedback schema: each governed decision kept with the segmentation it was routed
// under, read back per model version × segment — and rows stored before segments existed (no segment columns
// written, as a replica of the previous release inserts them) read as the version-wide evidence they are.

describe('RiskObservationStore against Postgres', () => {
  let module: TestingModule;
  let store: RiskObservationStore;
  const workflow = `medium-risk-${randomUUID().slice(0, 8)}`;
  let sequence = 0;

  function routed(version: string, facts: Partial<RiskControlFacts>): RoutedDecisionV1 {
    const id = `${workflow}-${sequence++}`;
    return aRoutedDecision({
      decisionId: id,
      decision: aDecision({ id, workflow, model: { name: 'm', version } }),
      routing: aRouting({
        route: 'review',
        reviewPropensity: 1,
        riskControl: { mode: 'confidence', safety: 0.9, sampleRate: 0.05, governed: true, ...facts },
      }),
      routedAt: new Date(Date.UTC(2026, 11, 5, 10, 0, sequence)).toISOString(),
    });
  }

  beforeAll(async () => {
    module = await serviceParts({
      environment: FeedbackEnvironment,
      database: { schema: 'feedback', entities: [], migrations: feedbackMigrations },
      providers: [RiskObservationStore],
    });
    store = module.get(RiskObservationStore);
  });

  afterAll(() => module?.close());

  it('reads each segmentation apart, per model version × segment, in the order of their first decision', async () => {
    // A row as the previous release wrote it: without the segment columns.
    await store.dataSource.query(
      `INSERT INTO feedback.risk_observations (decision_id, workflow, model_version, mode, safety, cut, sample_rate,
                                               propensity, to_review, routed_at)
       VALUES ($1, $2, 'v1', 'confidence', 0.8, NULL, 0.05, 1, true, '2026-12-05T09:00:00Z')`,
      [`${workflow}-old`, workflow],
    );
    const region = (version: string, segment: string) => routed(version, { segmentBy: 'region', segment });
    const stored = await store.insert([
      routed('v1', {}),
      region('v1', 'US'),
      region('v1', 'EU'),
      region('v2', 'EU'),
      region('v1', 'US'),
      routed('v1', { segmentBy: 'country', segment: 'DE' }),
      routed('v1', { segmentBy: 'region', segment: 'EU', governed: false }),
    ]);
    expect(stored).toBe(6);

    const groups = (segmentBy?: string) =>
      store
        .observations(workflow, 'confidence', segmentBy)
        .then((found) => found.map((g) => [g.modelVersion, g.segmentBy, g.segment, g.observations.length]));
    expect(await groups()).toEqual([['v1', undefined, undefined, 2]]);
    expect(await groups('region')).toEqual([
      ['v1', 'region', 'US', 2],
      ['v1', 'region', 'EU', 1],
      ['v2', 'region', 'EU', 1],
    ]);
    expect(await groups('country')).toEqual([['v1', 'country', 'DE', 1]]);
  });

  it('refuses a segment without its segmentation, and the other way round', async () => {
    for (const [segmentBy, segment] of [
      ['region', null],
      [null, 'EU'],
    ]) {
      await expect(
        store.dataSource.query(
          `INSERT INTO feedback.risk_observations (decision_id, workflow, model_version, mode, safety, sample_rate,
                                                   propensity, to_review, routed_at, segment_by, segment)
           VALUES ($1, $2, 'v1', 'confidence', 0.8, 0.05, 1, true, now(), $3, $4)`,
          [randomUUID(), workflow, segmentBy, segment],
        ),
      ).rejects.toThrow(/risk_observations_segment_check/);
    }
  });
});
