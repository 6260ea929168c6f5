import { baselineCopy, baselinePolicy, compareArms } from './comparison';
import { simulateDecision } from './decision-stream';
import { WorkflowOversight } from './oversight-report';
import { proportion } from './proportion';

const settings = {
  seed: 'compare',
  runId: 'run',
  count: 10,
  behaviour: { calibration: 'calibrated' as const, versions: 1 },
  startAt: new Date('2026-11-25T10:00:00Z'),
  intervalMs: 10,
};

function oversight(workflow: string, routed: number, reviewed: number, wrong: number, released: number) {
  return {
    workflow,
    routed,
    reviewed,
    residualErrorRate: proportion(wrong, released),
  } as WorkflowOversight;
}

describe('comparison', () => {
  it('copies a decision to the baseline workflow with the same output and truth, under its own id', () => {
    const original = simulateDecision(settings, 3);
    const copy = baselineCopy(original);
    expect(copy.decision).toEqual({
      ...original.decision,
      id: 'run-3-baseline',
      workflow: `${original.decision.workflow}-baseline`,
    });
    expect(copy.truth).toMatchObject({ decisionId: 'run-3-baseline', modelCorrect: original.truth.modelCorrect });
  });

  it('makes the baseline a fixed threshold with fixed random sampling and nothing else', () => {
    expect(baselinePolicy({ threshold: 0.8, sampleRate: 0.05 })).toMatchObject({
      threshold: 0.8,
      trustLevel: 2,
      alwaysReview: [],
      reviewFlags: [],
      ladder: { level2EdgeBand: 0, level2SampleRate: 0.05 },
    });
  });

  it('adds up each arm', () => {
    const [baseline, countersign] = compareArms([
      oversight('contract-review', 100, 90, 1, 95),
      oversight('contract-review-baseline', 100, 30, 12, 100),
      oversight('lead-qualification-baseline', 50, 10, 3, 50),
    ]);
    expect(baseline).toMatchObject({ arm: 'baseline', decisions: 150, reviewed: 40, released: 150 });
    expect(baseline.residualErrorRate).toMatchObject({ successes: 15, trials: 150 });
    expect(countersign).toMatchObject({ arm: 'countersign', decisions: 100, reviewed: 90, released: 95 });
  });
});
