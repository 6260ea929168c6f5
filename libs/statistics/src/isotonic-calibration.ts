/** A point for calibration: the model's confidence, whether it was right (1) or not (0), and its weight. */
export interface CalibrationPoint {
  confidence: number;
  right: number;
  /** Inverse propensity (1 / probability the decision was judged), so reviewed and sampled decisions mix unbiased. */
  weight: number;
}

/** One flat piece of the fitted curve: confidences in [from, to] are right with probability `accuracy`. */
export interface CalibrationStep {
  from: number;
  to: number;
  accuracy: number;
  /** The total weight behind this piece (an estimated number of decisions). */
  weight: number;
}

/**
 * The probability that the AI is right given its confidence, fitted monotone non-decreasing by weighted isotonic
 * regression with the pool-adjacent-violators algorithm (Ayer et al. 1955; Barlow et al. 1972; Zadrozny & Elkan 2002
 * for calibration). It is the weighted least-squares fit among all non-decreasing step functions, so it assumes only
 * that a more confident answer is not less likely right — no parametric shape. Ties in confidence are pooled first.
 */
export function isotonicCalibration(points: readonly CalibrationPoint[]): CalibrationStep[] {
  const sorted = points
    .filter((point) => {
      if (!(point.weight >= 0) || !(point.right >= 0 && point.right <= 1)) {
        throw new RangeError('calibration points need weight >= 0 and right in [0, 1]');
      }
      return point.weight > 0;
    })
    .slice()
    .sort((a, b) => a.confidence - b.confidence);
  const blocks: Array<{ from: number; to: number; sum: number; weight: number }> = [];
  for (const { confidence, right, weight } of sorted) {
    const last = blocks[blocks.length - 1];
    if (last && last.to === confidence) {
      last.sum += right * weight;
      last.weight += weight;
    } else {
      blocks.push({ from: confidence, to: confidence, sum: right * weight, weight });
    }
    // Pool while the last block's mean is below its predecessor's (the violation PAV removes).
    while (blocks.length >= 2) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a.sum / a.weight <= b.sum / b.weight) break;
      blocks.splice(blocks.length - 2, 2, { from: a.from, to: b.to, sum: a.sum + b.sum, weight: a.weight + b.weight });
    }
  }
  return blocks.map(({ from, to, sum, weight }) => ({ from, to, accuracy: sum / weight, weight }));
}

/** The fitted accuracy at a confidence: the step that covers it, or the nearest one outside the fitted range. */
export function calibratedAccuracy(steps: readonly CalibrationStep[], confidence: number): number | null {
  if (steps.length === 0) return null;
  let answer = steps[0].accuracy;
  for (const step of steps) {
    if (confidence >= step.from) answer = step.accuracy;
    else break;
  }
  return answer;
}
