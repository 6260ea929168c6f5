import { RiskRuleSettings } from './risk-rule-learner';
import { SeededRandom } from './seeded-random';
import { SegmentedRiskRules } from './segmented-risk-rules';

const SETTINGS: RiskRuleSettings = {
  budget: { maxErrorRate: 0.05, delta: 0.05 },
  mode: 'confidence',
  reviewCost: 0,
  burnIn: 100,
  driftDelta: 0.05,
};

/** `n` decisions reviewed in full, each drawn into a segment by `segmentOf`, wrong with `errorOf(segment, c)`. */
function feed(
  rules: SegmentedRiskRules,
  n: number,
  seed: string,
  segmentOf: (random: SeededRandom) => string | undefined,
  errorOf: (segment: string | undefined, confidence: number) => number,
) {
  const random = new SeededRandom(seed);
  for (let i = 0; i < n; i++) {
    const segment = segmentOf(random);
    const confidence = 0.5 + 0.5 * random.next();
    const wrong = random.next() < errorOf(segment, confidence);
    rules.observe(segment, { safety: confidence, propensity: 1, judged: true, wrong }, 1, Number.POSITIVE_INFINITY);
  }
}

const half = (random: SeededRandom) => (random.next() < 0.5 ? 'A' : 'B');

describe('SegmentedRiskRules', () => {
  it("routes each observation to its own segment's evidence: a bad segment cannot borrow a good one's", () => {
    const rules = new SegmentedRiskRules(SETTINGS);
    // A is never wrong; B is wrong 20% of the time at every confidence. Pooled, the most confident half would pass.
    feed(rules, 6000, 'split', half, (segment) => (segment === 'A' ? 0 : 0.2));
    expect(Number.isFinite(rules.releaseCut('A'))).toBe(true);
    expect(rules.releaseCut('B')).toBe(Number.POSITIVE_INFINITY);
  });

  it('gives every segment its own burn-in: 150 decisions split in two leave both still placing their cuts', () => {
    const rules = new SegmentedRiskRules(SETTINGS);
    feed(rules, 150, 'burn-in', half, () => 0);
    const remaining = rules.entries().map(([, learner]) => learner.burnInRemaining);
    expect(remaining).toHaveLength(2);
    expect(remaining[0] + remaining[1]).toBe(2 * SETTINGS.burnIn - 150);
  });

  it('reviews in full a decision whose segment is unknown, and learns nothing from it', () => {
    const rules = new SegmentedRiskRules(SETTINGS);
    feed(
      rules,
      6000,
      'unknown',
      (random) => (random.next() < 0.5 ? 'A' : undefined),
      () => 0,
    );
    expect(Number.isFinite(rules.releaseCut('A'))).toBe(true);
    expect(rules.releaseCut(undefined)).toBe(Number.POSITIVE_INFINITY);
    expect(rules.entries().map(([segment]) => segment)).toEqual(['A']);
  });

  it('reviews in full a new segment, however much evidence the others have (no workflow-wide fallback)', () => {
    const rules = new SegmentedRiskRules(SETTINGS);
    feed(rules, 4000, 'known', half, () => 0);
    expect(rules.releaseCut('C')).toBe(Number.POSITIVE_INFINITY);
    expect(rules.learnerFor('C')?.inBurnIn).toBe(true);
  });

  it('learns at most maxSegments values; later ones are reviewed in full for good', () => {
    const rules = new SegmentedRiskRules(SETTINGS, { maxSegments: 2 });
    feed(
      rules,
      6000,
      'capped',
      (random) => ['A', 'B', 'C'][Math.floor(random.next() * 3)],
      () => 0,
    );
    expect(rules.entries().map(([segment]) => segment)).toHaveLength(2);
    const unlearned = ['A', 'B', 'C'].find((s) => !rules.entries().some(([known]) => known === s)) as string;
    expect(rules.releaseCut(unlearned)).toBe(Number.POSITIVE_INFINITY);
  });

  it("keeps the other segments' evidence when one segment's drift monitor alarms", () => {
    const rules = new SegmentedRiskRules(SETTINGS);
    feed(rules, 6000, 'before-drift', half, () => 0);
    const [cutA, cutB] = [rules.releaseCut('A'), rules.releaseCut('B')];
    let alarmed = false;
    for (let i = 0; i < 2000 && !alarmed; i++) {
      alarmed = rules.observe('B', { safety: 1, propensity: 0.1, judged: i % 10 === 0, wrong: true }, 0.1, cutB);
    }
    expect(alarmed).toBe(true);
    expect(rules.driftAlarms).toBe(1);
    expect(rules.releaseCut('B')).toBe(Number.POSITIVE_INFINITY);
    expect(rules.releaseCut('A')).toBe(cutA);
  });

  it('certifies a cut above budget for a segment in at most δ of 200 seeds, beside a segment that passes', () => {
    // B is wrong 6% (budget 5%) at every confidence: no cut of B is within budget, so any certification is a false one.
    // A is never wrong, and certifies on its own evidence.
    let falseCertifications = 0;
    let certifiedA = 0;
    for (let seed = 0; seed < 200; seed++) {
      const rules = new SegmentedRiskRules(SETTINGS);
      feed(rules, 4000, `coverage-${seed}`, half, (segment) => (segment === 'A' ? 0 : 0.06));
      if (Number.isFinite(rules.releaseCut('B'))) falseCertifications++;
      if (Number.isFinite(rules.releaseCut('A'))) certifiedA++;
    }
    expect(falseCertifications / 200).toBeLessThanOrEqual(0.05);
    expect(certifiedA).toBeGreaterThan(150);
  });
});
