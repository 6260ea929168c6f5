// The simulator keeps its own Wilson interval on purpose: it is the independent truth the platform's intervals
// (computed with @countersign/statistics) are held against, and a shared bug would make both agree.
/** A share estimated from `successes` of `trials`, with its 95% Wilson score interval (sound at 0 and 1 too). */
export interface Proportion {
  successes: number;
  trials: number;
  /** undefined when there were no trials: nothing to estimate from. */
  value?: number;
  low?: number;
  high?: number;
}

const Z95 = 1.959964;

export function proportion(successes: number, trials: number): Proportion {
  if (trials <= 0) return { successes, trials };
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const margin = (Z95 / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Clamped to the observed share as well: rounding would otherwise put the bound a hair past it at 0 and 1.
  return {
    successes,
    trials,
    value: p,
    low: Math.max(0, Math.min(p, centre - margin)),
    high: Math.min(1, Math.max(p, centre + margin)),
  };
}

export function formatProportion(share: Proportion): string {
  if (share.value === undefined) return 'n/a (no cases)';
  const percent = (value = 0) => `${(value * 100).toFixed(1)}%`;
  return `${percent(share.value)} [${percent(share.low)}, ${percent(share.high)}] (${share.successes}/${share.trials})`;
}
