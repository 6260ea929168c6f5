import { DriftMonitor } from './drift-monitor';
import { releaseCuts } from './release-cuts';
import { RiskControl } from './risk-control';
import { SeededRandom } from './seeded-random';

// Confidence uniform on [0.5, 1) and wrong with probability (1 − confidence) / 4 (an under-confident model): the error
// rate of decisions with confidence ≥ t is (1 − t) / 8, so a 2% budget is met exactly by t ≥ 0.84 and broken below.
const CUTS = Array.from({ length: 50 }, (_, i) => Math.round((0.99 - i * 0.01) * 100) / 100);
const BURN_IN = 400;
const BUDGET = { maxErrorRate: 0.02, delta: 0.05 };
const TRUE_CUT = 0.84;

/** Runs the loop the router and feedback close: review what the rule holds back, sample 5% of what it releases. */
function run(seed: number, decisions: number, wrongness = (c: number) => (1 - c) / 4) {
  const random = new SeededRandom(`risk-control/${seed}`);
  // The first decisions are all reviewed and only place the cuts; they feed no test.
  const burnIn = Array.from({ length: BURN_IN }, () => 0.5 + 0.5 * random.next());
  const control = new RiskControl(releaseCuts(burnIn), BUDGET);
  let lowestCutEver = Number.POSITIVE_INFINITY;
  for (let i = BURN_IN; i < decisions; i++) {
    const cut = control.releaseCut();
    const floor = Number.isFinite(cut) ? 0.05 : 1;
    const confidence = 0.5 + 0.5 * random.next();
    const wrong = random.next() < wrongness(confidence);
    const propensity = confidence >= cut ? 0.05 : 1;
    const judged = random.next() < propensity;
    control.observe({ safety: confidence, propensity, judged, wrong }, floor);
    lowestCutEver = Math.min(lowestCutEver, control.releaseCut());
  }
  return { control, lowestCutEver };
}

describe('RiskControl', () => {
  it('never certifies a cut that breaks the budget in more than δ of 300 seeds, even read after every decision', () => {
    let breaches = 0;
    for (let seed = 0; seed < 300; seed++) if (run(seed, 6000).lowestCutEver < TRUE_CUT - 1e-9) breaches++;
    expect(breaches / 300).toBeLessThanOrEqual(0.05);
  });

  it('earns autonomy from evidence: releases the confident decisions after some thousands of reviews', () => {
    const releasing = Array.from({ length: 40 }, (_, seed) => run(1000 + seed, 12_000).control.releaseCut());
    // The budget allows releasing 32% (confidence ≥ 0.84); after 12,000 decisions nearly every seed releases some, and
    // never past the true cut-off.
    expect(releasing.filter((cut) => cut < 0.96).length).toBeGreaterThanOrEqual(34);
    expect(Math.min(...releasing)).toBeGreaterThanOrEqual(TRUE_CUT);
  });

  it('starts conservative: releases nothing before it has evidence', () => {
    const control = new RiskControl(CUTS, BUDGET);
    expect(control.releaseCut()).toBe(Number.POSITIVE_INFINITY);
    expect(control.report()[0]).toMatchObject({ cut: 0.99, certified: false, pValue: 1, observations: 0 });
  });

  it('refuses cuts out of order and a propensity below the floor the policy promised', () => {
    expect(() => new RiskControl([0.8, 0.9], BUDGET)).toThrow(RangeError);
    expect(() =>
      new RiskControl(CUTS, BUDGET).observe({ safety: 0.9, propensity: 0.01, judged: true, wrong: true }, 0.05),
    ).toThrow(RangeError);
  });
});

describe('DriftMonitor', () => {
  const sampled = (random: SeededRandom, errorRate: number) => ({
    safety: 0.99,
    propensity: 0.05,
    judged: random.next() < 0.05,
    wrong: random.next() < errorRate,
  });

  it('alarms when released decisions go wrong far above the budget', () => {
    const random = new SeededRandom('drift/up');
    const monitor = new DriftMonitor(0.02, 0.01);
    for (let i = 0; i < 40_000 && !monitor.alarmed; i++) monitor.observe(sampled(random, 0.2), 0.9);
    expect(monitor.alarmed).toBe(true);
  });

  it('stays quiet within the budget in at least 99% of 200 seeds', () => {
    let alarms = 0;
    for (let seed = 0; seed < 200; seed++) {
      const random = new SeededRandom(`drift/quiet/${seed}`);
      const monitor = new DriftMonitor(0.02, 0.01);
      for (let i = 0; i < 5000; i++) monitor.observe(sampled(random, 0.02), 0.9);
      if (monitor.alarmed) alarms++;
    }
    expect(alarms / 200).toBeLessThanOrEqual(0.01);
  });
});
