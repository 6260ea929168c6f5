import { FinalDecisionV1, FinalOutcome, TrustLevel } from '@countersign/contracts';
import { aDecision, aFinalDecision, aRoutedDecision, aRouting } from '@countersign/contracts/testing';
import { accuracyTruth } from './accuracy-truth';
import { oversightReport } from './oversight-report';
import { GroundTruth } from './simulated-decision';

const RIGHT = { rank: 'A' };
const WRONG = { rank: 'C' };

function routed(id: string, route: 'autonomous' | 'review', reasons: string[], trustLevel: TrustLevel = 3, at = 0) {
  return aRoutedDecision({
    decisionId: id,
    decision: aDecision({ id, workflow: 'lead-qualification' }),
    routing: aRouting({ route, reasons, trustLevel, policyVersion: trustLevel }),
    routedAt: new Date(Date.UTC(2026, 10, 25, 10, 0, at)).toISOString(),
  });
}

function final(id: string, outcome: FinalOutcome, finalOutput: Record<string, unknown> | null): FinalDecisionV1 {
  return aFinalDecision({ decisionId: id, workflow: 'lead-qualification', outcome, finalOutput });
}

function truth(id: string, modelCorrect: boolean): GroundTruth {
  return {
    decisionId: id,
    workflow: 'lead-qualification',
    modelVersion: '1',
    confidence: 0.8,
    modelCorrect,
    trueOutput: RIGHT,
  };
}

describe('oversightReport', () => {
  const truths = new Map(
    [
      truth('ok-auto', true),
      truth('bad-auto', false),
      truth('bad-caught', false),
      truth('bad-missed', false),
      truth('ok-rejected', true),
      truth('pending', false),
    ].map((t) => [t.decisionId, t]),
  );
  const [report] = oversightReport(
    [
      routed('ok-auto', 'autonomous', [], 3, 0),
      routed('bad-auto', 'autonomous', [], 3, 1),
      routed('bad-caught', 'review', ['below_threshold', 'flag:borderline'], 3, 2),
      routed('bad-missed', 'review', ['below_threshold'], 2, 3),
      routed('ok-rejected', 'review', ['random_sample'], 2, 4),
      routed('pending', 'review', ['below_threshold'], 2, 5),
      routed('not-this-run', 'autonomous', [], 2, 6),
    ],
    [
      final('ok-auto', 'autonomous', RIGHT),
      final('bad-auto', 'autonomous', WRONG),
      final('bad-caught', 'corrected', RIGHT),
      final('bad-missed', 'approved', WRONG),
      final('ok-rejected', 'rejected', null),
    ],
    truths,
  );

  it('counts where decisions went and why, ignoring other runs', () => {
    expect(report).toMatchObject({ workflow: 'lead-qualification', routed: 6, autonomous: 2, reviewed: 4 });
    expect(report.reviewReasons).toEqual({ below_threshold: 3, 'flag:borderline': 1, random_sample: 1 });
    expect(report).toMatchObject({ final: 5, awaitingFinal: 1 });
  });

  it('measures true accuracy, catch rate and the error rate of what was released against the truth', () => {
    expect(report.modelAccuracy).toMatchObject({ successes: 2, trials: 6 });
    expect(report.catchRate).toMatchObject({ successes: 1, trials: 3 });
    // As the platform defines it, the error a reviewer approved (bad-missed) is in neither part: 1 / (1 + 1).
    expect(report.platformCatchRate).toMatchObject({ successes: 1, trials: 2 });
    expect(report.residualErrorRate).toMatchObject({ successes: 2, trials: 4 });
  });

  it("keeps each model version's true accuracy over all decisions and over the autonomous ones, per basis", () => {
    expect(report.versions).toHaveLength(1);
    expect(accuracyTruth(report, '1', 'random_samples')).toMatchObject({ successes: 2, trials: 6 });
    expect(accuracyTruth(report, '1', 'audit_samples')).toMatchObject({ successes: 1, trials: 2 });
    expect(accuracyTruth(report, '2', 'random_samples')).toBeUndefined();
  });

  it('tells the trust level over time', () => {
    expect(report.trustTimeline.map((step) => step.trustLevel)).toEqual([3, 2]);
  });
});
