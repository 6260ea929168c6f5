import { RiskRuleLearner, RiskRuleSettings, safetyOf } from './risk-rule-learner';
import { SeededRandom } from './seeded-random';

const BASE: RiskRuleSettings = {
  budget: { maxErrorRate: 0.05, delta: 0.05 },
  mode: 'confidence',
  reviewCost: 0,
  burnIn: 100,
  driftDelta: 0.05,
};

/** Feeds `n` decisions reviewed in full (propensity 1): confidence uniform in [0.5, 1], wrong with `errorAt`. */
function feed(learner: RiskRuleLearner, n: number, seed: string, errorAt: (c: number) => number, amount = () => 1) {
  const random = new SeededRandom(seed);
  for (let i = 0; i < n; i++) {
    const confidence = 0.5 + 0.5 * random.next();
    const cost = amount();
    const safety = safetyOf(learner.settings.mode, confidence, cost);
    const wrong = random.next() < errorAt(confidence);
    learner.observe({ safety, propensity: 1, judged: true, wrong }, 1, Number.POSITIVE_INFINITY, cost);
  }
}

describe('RiskRuleLearner', () => {
  it('releases nothing during the burn-in, whatever the evidence', () => {
    const learner = new RiskRuleLearner(BASE);
    feed(learner, 99, 'burn-in', () => 0);
    expect(learner.inBurnIn).toBe(true);
    expect(learner.burnInRemaining).toBe(1);
    expect(learner.releaseCut()).toBe(Number.POSITIVE_INFINITY);
  });

  it('in confidence mode releases at the least conservative certified cut', () => {
    const learner = new RiskRuleLearner(BASE);
    feed(learner, 3000, 'confidence', (c) => (c < 0.7 ? 0.4 : 0));
    const control = learner.riskControl;
    expect(control?.certifiedCount).toBeGreaterThan(0);
    expect(learner.releaseCut()).toBe(control?.cuts[(control?.certifiedCount ?? 0) - 1]);
  });

  it('in expected-loss mode releases nothing when reviewing everything is estimated cheaper', () => {
    // Reviews cost nothing: no certified cut can beat looking at every decision.
    const free = new RiskRuleLearner({ ...BASE, mode: 'expected-loss', reviewCost: 0 });
    feed(
      free,
      3000,
      'free-reviews',
      () => 0,
      () => 1000,
    );
    expect(free.riskControl?.certifiedCount).toBeGreaterThan(0);
    expect(free.releaseCut()).toBe(Number.POSITIVE_INFINITY);
    // Reviews cost more than any error could: the cheapest certified cut is the one that releases most.
    const dear = new RiskRuleLearner({ ...BASE, mode: 'expected-loss', reviewCost: 1e6 });
    feed(
      dear,
      3000,
      'free-reviews',
      () => 0,
      () => 1000,
    );
    const control = dear.riskControl;
    expect(dear.releaseCut()).toBe(control?.cuts[(control?.certifiedCount ?? 0) - 1]);
  });

  it('starts over on a drift alarm: the evidence is gone and the next decisions are a new burn-in', () => {
    const learner = new RiskRuleLearner(BASE);
    feed(learner, 3000, 'before-drift', () => 0);
    const cut = learner.releaseCut();
    expect(Number.isFinite(cut)).toBe(true);
    let alarmed = false;
    for (let i = 0; i < 2000 && !alarmed; i++) {
      // Released decisions sampled at 10%, and every sampled one wrong.
      alarmed = learner.observe({ safety: 1, propensity: 0.1, judged: i % 10 === 0, wrong: true }, 0.1, cut);
    }
    expect(alarmed).toBe(true);
    expect(learner.driftAlarms).toBe(1);
    expect(learner.inBurnIn).toBe(true);
    expect(learner.releaseCut()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('RiskRuleLearner warm start', () => {
  /** A predecessor with a certified cut several cuts deep. */
  function certifiedPredecessor(): RiskRuleLearner {
    const predecessor = new RiskRuleLearner(BASE);
    feed(predecessor, 6000, 'predecessor', (c) => (c < 0.7 ? 0.4 : 0));
    expect(predecessor.riskControl?.certifiedCount).toBeGreaterThan(3);
    return predecessor;
  }

  it('is off by default: a new version releases nothing until its own evidence certifies a cut', () => {
    const learner = new RiskRuleLearner(BASE);
    expect(learner.warmStarted).toBe(false);
    expect(learner.releaseCut()).toBe(Number.POSITIVE_INFINITY);
  });

  it("inherits only a certified cut of the predecessor's, moved the given number of cuts more conservative", () => {
    const predecessor = certifiedPredecessor();
    const control = predecessor.riskControl;
    const frontier = (control?.certifiedCount ?? 0) - 1;
    expect(predecessor.inheritableCut(0)).toBe(predecessor.releaseCut());
    expect(predecessor.inheritableCut(2)).toBe(control?.cuts[frontier - 2]);
    expect(predecessor.inheritableCut(frontier + 1)).toBe(Number.POSITIVE_INFINITY);
    expect(new RiskRuleLearner(BASE).inheritableCut(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('when on, releases at the inherited cut from its first decision, and at its own once that is less conservative', () => {
    const inherited = certifiedPredecessor().inheritableCut(2);
    const successor = new RiskRuleLearner(BASE, { cut: inherited });
    expect(successor.warmStarted).toBe(true);
    expect(successor.inBurnIn).toBe(true);
    expect(successor.releaseCut()).toBe(inherited);
    feed(successor, 6000, 'successor', () => 0); // never wrong: its own evidence goes deeper than the inherited cut
    expect(successor.releaseCut()).toBeLessThan(inherited);
    expect(successor.releaseCut()).toBe(successor.riskControl?.releaseCut());
  });

  it('drops the inheritance for good when the drift monitor alarms on it (the successor is worse)', () => {
    const inherited = certifiedPredecessor().inheritableCut(2);
    const successor = new RiskRuleLearner(BASE, { cut: inherited });
    let alarmed = false;
    for (let i = 0; i < 2000 && !alarmed; i++) {
      // Released at the inherited cut, sampled at 10%, every sampled one wrong: the assumption fails.
      alarmed = successor.observe({ safety: 1, propensity: 0.1, judged: i % 10 === 0, wrong: true }, 0.1, inherited);
    }
    expect(alarmed).toBe(true);
    expect(successor.warmStarted).toBe(false);
    expect(successor.inBurnIn).toBe(true);
    expect(successor.releaseCut()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('RiskRuleLearner warm start, coverage under its assumption', () => {
  // c uniform in [0.5, 1], never wrong from 0.9 up and wrong 30% below: the released error of cut t < 0.9 is
  // 0.3·(0.9 − t)/(1 − t), within the 5% budget exactly for t ≥ 0.88 — a cliff just past the cuts that certify, so
  // inheriting one uncertified cut breaches in about a third of the seeds. The successor is the predecessor's twin
  // (assumption A holds with equality).
  const errorAt = (c: number) => (c >= 0.9 ? 0 : 0.3);
  const WITHIN = 0.88;

  /** Routes `n` decisions as the router would under the learner's rule (5% sample of released), feeding it back. */
  function route(learner: RiskRuleLearner, n: number, seed: string, onCut: (cut: number) => void) {
    const random = new SeededRandom(seed);
    for (let i = 0; i < n; i++) {
      const confidence = 0.5 + 0.5 * random.next();
      const wrong = random.next() < errorAt(confidence);
      const cut = learner.releaseCut();
      onCut(cut);
      const propensity = confidence >= cut ? 0.05 : 1;
      const judged = propensity === 1 || random.next() < propensity;
      learner.observe({ safety: confidence, propensity, judged, wrong }, Number.isFinite(cut) ? 0.05 : 1, cut);
    }
  }

  it('releases at a cut above budget in at most 2δ of 200 seeds, undiscounted (0 steps), at any time', () => {
    let breaches = 0;
    let inherited = 0;
    for (let seed = 0; seed < 200; seed++) {
      const predecessor = new RiskRuleLearner(BASE);
      route(predecessor, 3000, `warm-predecessor-${seed}`, () => undefined);
      const cut = predecessor.inheritableCut(0);
      if (Number.isFinite(cut)) inherited++;
      const successor = new RiskRuleLearner(BASE, { cut });
      let breached = cut < WITHIN;
      route(successor, 3000, `warm-successor-${seed}`, (inForce) => {
        if (inForce < WITHIN) breached = true;
      });
      if (breached) breaches++;
    }
    expect(inherited).toBeGreaterThan(150); // the warm start is exercised, not vacuous
    expect(breaches / 200).toBeLessThanOrEqual(2 * BASE.budget.delta);
  });
});
