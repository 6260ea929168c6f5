import { SeededRandom } from '@countersign/statistics';
import { LabDecision } from './lab-scenarios';
import { countReleased, PolicyOutcome } from './policy-outcome';

/** Today's default: review below confidence 0.8, and a 5% random sample of the rest. */
export function fixedThreshold(stream: readonly LabDecision[], seed: string, threshold = 0.8, sample = 0.05) {
  const random = new SeededRandom(`lab/fixed/${seed}`);
  const outcome: PolicyOutcome = {
    decisions: stream.length,
    reviews: 0,
    released: 0,
    releasedWrong: 0,
    releasedErrorCost: 0,
  };
  for (const d of stream) {
    if (d.confidence < threshold || random.next() < sample) outcome.reviews++;
    else release(outcome, d);
  }
  return outcome;
}

/**
 * The best single confidence threshold with hindsight: it releases the most decisions while the realised error of the
 * released ones stays within the budget, knowing every answer in advance. It samples nothing (it needs no evidence),
 * so it is a stricter yardstick than any real fixed policy.
 */
export function bestThresholdInHindsight(stream: readonly LabDecision[], budget: number): PolicyOutcome {
  const sorted = [...stream].sort((a, b) => b.confidence - a.confidence);
  let wrong = 0;
  let best = 0;
  for (let k = 1; k <= sorted.length; k++) {
    if (sorted[k - 1].wrong) wrong++;
    // Release the top k only where the next decision is less confident (ties go together).
    const boundary = k === sorted.length || sorted[k].confidence < sorted[k - 1].confidence;
    if (boundary && wrong <= budget * k) best = k;
  }
  return outcomeOfTop(sorted, best);
}

/** The limit: the best threshold per model version, each with hindsight, each within the budget. */
export function bestPerVersionInHindsight(stream: readonly LabDecision[], budget: number): PolicyOutcome {
  return bestPerGroupInHindsight(stream, budget, (d) => `${d.version}`);
}

/**
 * The segments' limit: the best threshold per model version × segment, each with hindsight, each held to the budget on
 * its own — the yardstick for rules learned per segment.
 */
export function bestPerSegmentInHindsight(stream: readonly LabDecision[], budget: number): PolicyOutcome {
  return bestPerGroupInHindsight(stream, budget, (d) => `${d.version}/${d.segment ?? ''}`);
}

function bestPerGroupInHindsight(
  stream: readonly LabDecision[],
  budget: number,
  groupOf: (d: LabDecision) => string,
): PolicyOutcome {
  const groups = [...new Set(stream.map(groupOf))];
  return groups
    .map((g) =>
      bestThresholdInHindsight(
        stream.filter((d) => groupOf(d) === g),
        budget,
      ),
    )
    .reduce(add, { decisions: 0, reviews: 0, released: 0, releasedWrong: 0, releasedErrorCost: 0 });
}

/**
 * The cheapest confidence-only threshold with hindsight: least released-error cost plus review cost, either among
 * thresholds within the error budget (`budget` given) or among all thresholds.
 */
export function cheapestThresholdInHindsight(
  stream: readonly LabDecision[],
  reviewCost: number,
  budget?: number,
): PolicyOutcome {
  const sorted = [...stream].sort((a, b) => b.confidence - a.confidence);
  let wrong = 0;
  let errorCost = 0;
  let best = 0;
  let bestCost = sorted.length * reviewCost;
  for (let k = 1; k <= sorted.length; k++) {
    const d = sorted[k - 1];
    if (d.wrong) {
      wrong++;
      errorCost += d.amount;
    }
    const boundary = k === sorted.length || sorted[k].confidence < d.confidence;
    const cost = errorCost + (sorted.length - k) * reviewCost;
    if (boundary && (budget === undefined || wrong <= budget * k) && cost < bestCost) {
      best = k;
      bestCost = cost;
    }
  }
  return outcomeOfTop(sorted, best);
}

function outcomeOfTop(sorted: readonly LabDecision[], released: number): PolicyOutcome {
  const outcome: PolicyOutcome = {
    decisions: sorted.length,
    reviews: sorted.length - released,
    released: 0,
    releasedWrong: 0,
    releasedErrorCost: 0,
  };
  for (let k = 0; k < released; k++) release(outcome, sorted[k]);
  return outcome;
}

function release(outcome: PolicyOutcome, d: LabDecision): void {
  countReleased(outcome, d.wrong, d.amount, d.segment);
}

function add(a: PolicyOutcome, b: PolicyOutcome): PolicyOutcome {
  const sum: PolicyOutcome = {
    decisions: a.decisions + b.decisions,
    reviews: a.reviews + b.reviews,
    released: a.released + b.released,
    releasedWrong: a.releasedWrong + b.releasedWrong,
    releasedErrorCost: a.releasedErrorCost + b.releasedErrorCost,
  };
  if (a.bySegment || b.bySegment) {
    sum.bySegment = { ...a.bySegment };
    for (const [segment, t] of Object.entries(b.bySegment ?? {})) {
      const into = sum.bySegment[segment] ?? { released: 0, releasedWrong: 0 };
      sum.bySegment[segment] = {
        released: into.released + t.released,
        releasedWrong: into.releasedWrong + t.releasedWrong,
      };
    }
  }
  return sum;
}
