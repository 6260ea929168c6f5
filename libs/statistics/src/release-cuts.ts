/**
 * The cuts risk control tests, placed at quantiles of a burn-in sample of the safety scores: the first releases the
 * safest `firstShare` of decisions, each next one `step` more. Why quantiles and not a fixed grid: evidence for a cut
 * accrues only from decisions it would release, so a cut that releases 1% needs a hundred times the decisions of one
 * that releases 100% of them at the same margin — and fixed-sequence testing must pass the first cut before any other.
 * Validity: the burn-in decisions must not feed the tests afterwards (they only place the cuts), so the cuts are fixed
 * before the first observation, as Learn-then-Test requires.
 */
export function releaseCuts(burnInSafeties: readonly number[], firstShare = 0.1, step = 0.025): number[] {
  if (burnInSafeties.length === 0) throw new RangeError('placing cuts needs a burn-in sample');
  const sorted = [...burnInSafeties].sort((a, b) => b - a); // safest first
  const cuts: number[] = [];
  for (let share = firstShare; share <= 1 + 1e-9; share += step) {
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
    const cut = sorted[index];
    if (cuts.length === 0 || cut < cuts[cuts.length - 1]) cuts.push(cut);
  }
  return cuts;
}
