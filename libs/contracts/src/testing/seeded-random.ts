/**
 * Deterministic uniform numbers in [0, 1) from a seed (mulberry32): small, fast, and the same stream on every run and
 * machine — for generated test and benchmark workloads. The same generator lives in @countersign/statistics
 * (SeededRandom); this copy stays because the contracts library may depend on no other library (boundary rule).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
