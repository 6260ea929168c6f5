/** FNV-1a: turns a seed label into 32 bits, so streams can be named (`seed/reviewer-3`) instead of numbered. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A small seeded generator (mulberry32, Tommy Ettinger 2017): the same seed gives the same decisions, truths and verdicts on every run,
 * which is what makes a simulator run reproducible and its tests deterministic. (libs/contracts/testing keeps
 * its own three-line `seededRandom`: the contracts library may depend on no other library, by the boundary rule.)
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: string) {
    this.state = hash32(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max]. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Log-uniform in [min, max): amounts whose orders of magnitude are equally likely. */
  logBetween(min: number, max: number): number {
    return Math.exp(this.between(Math.log(min), Math.log(max)));
  }

  /** An independent stream derived from this one's seed, so adding draws in one place never shifts another. */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.seed}/${label}`);
  }
}
