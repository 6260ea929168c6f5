import { runCountersign } from './countersign-learner';
import {
  bestPerSegmentInHindsight,
  bestPerVersionInHindsight,
  bestThresholdInHindsight,
  cheapestThresholdInHindsight,
  fixedThreshold,
} from './hindsight-baselines';
import { generateStream, LabScenario } from './lab-scenarios';
import { PolicyOutcome, releasedErrorRate } from './policy-outcome';

export const POLICIES = ['fixed-0.8+5%', 'best-single-hindsight', 'per-version-hindsight', 'countersign'] as const;
export type PolicyName =
  | (typeof POLICIES)[number]
  | 'hindsight-at-countersign-error'
  | 'cheapest-hindsight-in-budget'
  | 'cheapest-hindsight-any'
  | 'countersign-warm'
  | 'countersign-segments'
  | 'per-segment-hindsight';

/** The opt-in variants, each compared with the default countersign on the same streams. */
export const VARIANTS = ['countersign-warm', 'countersign-segments'] as const;

/** Every policy's outcome on one seed's stream. */
export interface SeedResult {
  seed: string;
  outcomes: Partial<Record<PolicyName, PolicyOutcome>>;
  driftAlarms: number;
  /** The same for the opt-in variants run on this seed. */
  variantDriftAlarms: Partial<Record<(typeof VARIANTS)[number], number>>;
  /** Decisions countersign-warm routed by an inherited cut (the warm start's assumption in charge). */
  routedByInheritedCut: number;
  /** Countersign's reviews made before its version released anything, and its random samples. */
  reviewsBeforeRelease: number;
  samples: number;
}

export function runSeed(scenario: LabScenario, seed: string, decisions: number, budget: number): SeedResult {
  const stream = generateStream(scenario, seed, decisions);
  const segmented = stream.some((d) => d.segment !== undefined);
  const countersign = runCountersign(stream, scenario, seed);
  // Warm start (opt-in): each new version starts at its predecessor's cut two cuts more conservative.
  const warm = runCountersign(stream, scenario, seed, { warmStartSteps: 2 });
  const bySegment = segmented ? runCountersign(stream, scenario, seed, { segments: true }) : undefined;
  const outcomes: SeedResult['outcomes'] = {
    'fixed-0.8+5%': fixedThreshold(stream, seed),
    'best-single-hindsight': bestThresholdInHindsight(stream, budget),
    'per-version-hindsight': bestPerVersionInHindsight(stream, budget),
    ...(segmented ? { 'per-segment-hindsight': bestPerSegmentInHindsight(stream, budget) } : {}),
    countersign,
    ...(bySegment ? { 'countersign-segments': bySegment } : {}),
    'countersign-warm': warm,
    // The same hindsight threshold held to the error Countersign actually released: how many reviews that risk level
    // needs at best, so the gap splits into the margin a 95% guarantee costs and what learning costs.
    'hindsight-at-countersign-error': bestThresholdInHindsight(stream, releasedErrorRate(countersign)),
  };
  if (scenario.mode === 'expected-loss') {
    outcomes['cheapest-hindsight-in-budget'] = cheapestThresholdInHindsight(stream, scenario.reviewCost, budget);
    outcomes['cheapest-hindsight-any'] = cheapestThresholdInHindsight(stream, scenario.reviewCost);
  }
  return {
    seed,
    outcomes,
    driftAlarms: countersign.driftAlarms,
    variantDriftAlarms: { 'countersign-warm': warm.driftAlarms, 'countersign-segments': bySegment?.driftAlarms },
    routedByInheritedCut: warm.routedByInheritedCut,
    reviewsBeforeRelease: countersign.reviewsBeforeRelease,
    samples: countersign.samples,
  };
}
