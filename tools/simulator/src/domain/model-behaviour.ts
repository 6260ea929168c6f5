/**
 * How the simulated AI model behaves. calibrated: it is right as often as it says (confidence 0.9 → right 90% of the
 * time). over-confident: it errs twice as often as it says (confidence 0.9 → right 80% of the time), the failure a
 * trust ladder must catch before it grants autonomy.
 */
export const CALIBRATIONS = ['calibrated', 'over-confident'] as const;
export type Calibration = (typeof CALIBRATIONS)[number];

export interface ModelBehaviour {
  calibration: Calibration;
  /** How many model versions the stream passes through, each better than the last (1 = no improvement). */
  versions: number;
}

export const MIN_CONFIDENCE = 0.5;
export const MAX_CONFIDENCE = 0.999;

/** The probability that the model's output is right, given the confidence it states. */
export function accuracyAt(confidence: number, calibration: Calibration): number {
  return calibration === 'calibrated' ? confidence : Math.max(0, 1 - 2 * (1 - confidence));
}

/**
 * The model's skill at version `index` (0-based): confidence is drawn as 1 - (1 - u)^skill scaled into
 * [MIN_CONFIDENCE, MAX_CONFIDENCE], so a higher skill puts more decisions near the top (mean 0.87, 0.91, 0.93, ...).
 */
export function skillOf(versionIndex: number): number {
  return 3 + 1.5 * versionIndex;
}

/** A confidence for one decision of a model version, from one uniform draw `u` in [0, 1). */
export function confidenceFrom(u: number, versionIndex: number): number {
  const spread = 1 - (1 - u) ** skillOf(versionIndex);
  return round3(MIN_CONFIDENCE + (MAX_CONFIDENCE - MIN_CONFIDENCE) * spread);
}

/** Which model version made the decision at `position` of a stream of `count`: equal slices, in order. */
export function versionIndexAt(position: number, count: number, versions: number): number {
  if (versions <= 1 || count <= 0) return 0;
  return Math.min(versions - 1, Math.floor((position * versions) / count));
}

export function versionName(versionIndex: number): string {
  return `2026.${versionIndex + 1}`;
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
