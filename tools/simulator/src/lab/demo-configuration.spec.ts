import { simulateDecision } from '../domain/decision-stream';
import { baselineArmInProcess, labRangeOverSeeds } from './demo-configuration';

const configuration = {
  decisions: 400,
  behaviour: { calibration: 'calibrated' as const, versions: 3 },
  baseline: { threshold: 0.8, sampleRate: 0.05 },
};

describe("the lab's run of the demo's baseline arm", () => {
  it('routes the demo stream by its rule: nothing reviewed at threshold 0 without sampling, all at threshold 1', () => {
    const none = baselineArmInProcess({ ...configuration, baseline: { threshold: 0, sampleRate: 0 } }, 's');
    expect(none.reviewShare).toBe(0);
    // Everything released: the released error is the stream's own error rate.
    const settings = { seed: 's', runId: 'lab', count: 400, behaviour: configuration.behaviour };
    const wrong = Array.from(
      { length: 400 },
      (_, i) => simulateDecision({ ...settings, startAt: new Date(0), intervalMs: 1 }, i).truth.modelCorrect,
    ).filter((correct) => !correct).length;
    expect(none.releasedError).toBeCloseTo(wrong / 400, 12);
    expect(baselineArmInProcess({ ...configuration, baseline: { threshold: 1, sampleRate: 0 } }, 's')).toEqual({
      reviewShare: 1,
      releasedError: 0,
    });
  });

  it('gives a range over seeds that holds its median and narrows as the stream grows', () => {
    const short = labRangeOverSeeds(configuration, 40);
    const long = labRangeOverSeeds({ ...configuration, decisions: 1600 }, 40);
    for (const range of [short.reviewShare, short.releasedError]) {
      expect(range.lower).toBeLessThanOrEqual(range.median);
      expect(range.median).toBeLessThanOrEqual(range.upper);
    }
    const width = (r: { lower: number; upper: number }) => r.upper - r.lower;
    expect(width(long.reviewShare)).toBeLessThan(width(short.reviewShare));
    expect(width(long.releasedError)).toBeLessThan(width(short.releasedError));
  });
});
