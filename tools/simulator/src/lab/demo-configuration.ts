import { SeededRandom } from '@countersign/statistics';
import { BaselineSettings } from '../domain/comparison';
import { simulateDecision } from '../domain/decision-stream';
import { ModelBehaviour } from '../domain/model-behaviour';

/** What the demo's baseline arm measures: the share of decisions reviewed and the error rate of those released. */
export interface ArmFigures {
  reviewShare: number;
  releasedError: number;
}

/** The central 95% of a figure over seeds. */
export interface SeedRange {
  lower: number;
  median: number;
  upper: number;
}

export interface LabConfiguration {
  decisions: number;
  behaviour: ModelBehaviour;
  baseline: BaselineSettings;
}

/**
 * One seed of the demo's baseline arm in process: the demo's own decision stream (simulateDecision, the code the demo
 * sends to Kafka), routed by the rule the router applies to a baseline workflow — review when confidence is below the
 * threshold or the decision is drawn for the random sample — with no Kafka, no HTTP and no reviewers.
 */
export function baselineArmInProcess(configuration: LabConfiguration, seed: string): ArmFigures {
  const { decisions, behaviour, baseline } = configuration;
  const settings = { seed, runId: 'lab', count: decisions, behaviour, startAt: new Date(0), intervalMs: 1 };
  const sampling = new SeededRandom(`${seed}/sample`);
  let reviewed = 0;
  let released = 0;
  let releasedWrong = 0;
  for (let position = 0; position < decisions; position++) {
    const { decision, truth } = simulateDecision(settings, position);
    const sampled = sampling.next() < baseline.sampleRate;
    if (decision.confidence < baseline.threshold || sampled) {
      reviewed++;
    } else {
      released++;
      if (!truth.modelCorrect) releasedWrong++;
    }
  }
  return { reviewShare: reviewed / decisions, releasedError: released ? releasedWrong / released : 0 };
}

/**
 * The range a single platform run of this configuration should land in: the 2.5th and 97.5th percentiles of each
 * figure over `seeds` in-process runs. A platform run is one more seed; landing outside says the platform routes or
 * counts differently from the rule it is meant to apply (or a 1-in-20 chance per figure).
 */
export function labRangeOverSeeds(
  configuration: LabConfiguration,
  seeds: number,
): { reviewShare: SeedRange; releasedError: SeedRange } {
  const runs = Array.from({ length: seeds }, (_, index) => baselineArmInProcess(configuration, `lab-seed-${index}`));
  const range = (pick: (figures: ArmFigures) => number): SeedRange => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? 0;
    return { lower: at(0.025), median: at(0.5), upper: at(0.975) };
  };
  return { reviewShare: range((f) => f.reviewShare), releasedError: range((f) => f.releasedError) };
}
