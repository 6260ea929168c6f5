import { runCountersign } from './countersign-learner';
import {
  bestPerSegmentInHindsight,
  bestPerVersionInHindsight,
  bestThresholdInHindsight,
  cheapestThresholdInHindsight,
} from './hindsight-baselines';
import { generateStream, LAB_SCENARIOS, LabDecision } from './lab-scenarios';
import { releasedErrorRate, reviewShare, worstSegmentError } from './policy-outcome';

const decision = (confidence: number, wrong: boolean, version = 0, amount = 1): LabDecision => ({
  version,
  confidence,
  wrong,
  amount,
});

describe('hindsight baselines', () => {
  // Ten decisions; the two wrong ones at confidence 0.9 and 0.6.
  const stream = [0.99, 0.98, 0.97, 0.96, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6].map((c) =>
    decision(c, c === 0.9 || c === 0.6),
  );

  it('releases the most decisions whose realised error stays within the budget', () => {
    // At 10%: the top 5 (0 wrong), top 6 (1/6 = 16.7%: too many), ... top 10 (2/10 = 20%). Best: top 5.
    expect(bestThresholdInHindsight(stream, 0.1)).toMatchObject({ released: 5, reviews: 5, releasedWrong: 0 });
    // At 20%: top 10 has 2/10 = 20%, allowed.
    expect(bestThresholdInHindsight(stream, 0.2)).toMatchObject({ released: 10, reviews: 0, releasedWrong: 2 });
  });

  it('holds every version to the budget on its own in the per-version limit', () => {
    const twoVersions = [...stream, ...stream.map((d) => ({ ...d, version: 1, wrong: false }))];
    const limit = bestPerVersionInHindsight(twoVersions, 0.1);
    expect(limit).toMatchObject({ released: 15, reviews: 5 });
  });

  it('holds every segment to the budget on its own in the per-segment limit', () => {
    // Segment B is the ten decisions above, segment A the same but never wrong: pooled, A's clean answers would let B
    // release down to 0.6 (2 wrong of 20 = 10%); alone, B stops above 0.9.
    const segmented = [
      ...stream.map((d) => ({ ...d, segment: 'B' })),
      ...stream.map((d) => ({ ...d, segment: 'A', wrong: false })),
    ];
    expect(bestThresholdInHindsight(segmented, 0.1)).toMatchObject({ released: 20, releasedWrong: 2 });
    const limit = bestPerSegmentInHindsight(segmented, 0.1);
    expect(limit).toMatchObject({ released: 15, releasedWrong: 0 });
    expect(limit.bySegment).toEqual({ B: { released: 5, releasedWrong: 0 }, A: { released: 10, releasedWrong: 0 } });
  });

  it('weighs error cost against review cost for the cheapest threshold', () => {
    const costly = stream.map((d) => ({ ...d, amount: d.confidence === 0.6 ? 10_000 : 50 }));
    // Reviewing costs 100: release down to 0.7 (one error costing 50), review the last one (an error costing 10,000).
    expect(cheapestThresholdInHindsight(costly, 100)).toMatchObject({ released: 9, releasedErrorCost: 50 });
    // Within a 10% budget it may release only the top 5.
    expect(cheapestThresholdInHindsight(costly, 100, 0.1)).toMatchObject({ released: 5 });
  });
});

describe('Countersign learning from nothing', () => {
  const scenario = LAB_SCENARIOS.find((s) => s.name === 'segment-overconfidence') ?? LAB_SCENARIOS[0];
  const stream = generateStream(scenario, 'spec', 20_000);
  const outcome = runCountersign(stream, scenario, 'spec');

  it('releases decisions while their realised error stays within the 2% budget', () => {
    expect(outcome.released).toBeGreaterThan(2000);
    expect(releasedErrorRate(outcome)).toBeLessThanOrEqual(0.02);
  });

  it('reviews the first decisions of a version in full before it has evidence', () => {
    expect(outcome.reviewsBeforeRelease).toBeGreaterThanOrEqual(400);
    expect(reviewShare(outcome)).toBeLessThan(1);
  });

  it('is reproducible: the same seed gives the same outcome', () => {
    expect(runCountersign(stream, scenario, 'spec')).toEqual(outcome);
  });
});

describe('Countersign variants (opt-in)', () => {
  const segmentScenario = LAB_SCENARIOS.find((s) => s.name === 'segment-overconfidence') ?? LAB_SCENARIOS[0];
  const improving = LAB_SCENARIOS.find((s) => s.name === 'improving-versions') ?? LAB_SCENARIOS[0];

  it('runs neither variant unless asked', () => {
    const stream = generateStream(improving, 'variants', 20_000);
    expect(runCountersign(stream, improving, 'variants', {})).toEqual(runCountersign(stream, improving, 'variants'));
  });

  it('with segments, learns a rule per segment and holds each segment within the budget', () => {
    const stream = generateStream(segmentScenario, 'spec', 20_000);
    const outcome = runCountersign(stream, segmentScenario, 'spec', { segments: true });
    expect(outcome.bySegment?.A.released).toBeGreaterThan(1000);
    expect(outcome.bySegment?.B.released).toBeGreaterThan(100);
    expect(worstSegmentError(outcome)).toBeLessThanOrEqual(0.02);
    // Two burn-ins, one per segment, reviewed in full.
    expect(outcome.reviewsBeforeRelease).toBeGreaterThanOrEqual(800);
  });

  it("with a warm start, reviews fewer of a new version's decisions before it releases", () => {
    const stream = generateStream(improving, 'spec', 20_000);
    const cold = runCountersign(stream, improving, 'spec');
    const warm = runCountersign(stream, improving, 'spec', { warmStartSteps: 2 });
    expect(warm.reviewsBeforeRelease).toBeLessThan(cold.reviewsBeforeRelease);
    expect(releasedErrorRate(warm)).toBeLessThanOrEqual(0.02);
  });
});
