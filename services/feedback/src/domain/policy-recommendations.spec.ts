import { judgments } from '../testing/judgments';
import { AppliedPolicy, recommendPolicy } from './policy-recommendations';

const APPLIED: AppliedPolicy = { workflow: 'invoice-coding', modelVersion: 'v1', threshold: 0.8, trustLevel: 2 };
const SETTINGS = { maxErrorRate: 0.01, minThresholdSamples: 100 };

/** 4,000 unbiased samples spread evenly over confidence 0.5..0.999; where errorAt(confidence), every other one is wrong. */
function model(errorAt: (confidence: number) => boolean, modelVersion = 'v1') {
  return judgments(4000, (i) => {
    const confidence = 0.5 + (i % 500) / 1000;
    return { modelVersion, confidence, verdict: errorAt(confidence) && i % 2 === 0 ? 'correct' : 'approve' };
  });
}

describe('recommendPolicy', () => {
  it('lowers the threshold and promotes a model that makes no errors above 0.6', () => {
    const recommendations = recommendPolicy(
      APPLIED,
      model((c) => c < 0.6),
      SETTINGS,
    );
    expect(recommendations.map((r) => [r.kind, r.current, r.recommended])).toEqual([
      ['threshold', 0.8, 0.6],
      ['trust_level', 2, 3],
    ]);
  });

  it('raises the threshold and demotes a model that errs up to 0.9', () => {
    const recommendations = recommendPolicy(
      APPLIED,
      model((c) => c < 0.9),
      SETTINGS,
    );
    expect(recommendations.map((r) => [r.kind, r.current, r.recommended])).toEqual([
      ['threshold', 0.8, 0.9],
      ['trust_level', 2, 1],
    ]);
    expect(recommendations[1]?.evidence).toMatchObject({ reason: 'errors_above_target' });
  });

  it('recommends nothing when the policy already fits, and looks only at the current model version', () => {
    const fits = { ...APPLIED, threshold: 0.5, trustLevel: 4 as const };
    expect(recommendPolicy(fits, [...model(() => false), ...model(() => true, 'v0')], SETTINGS)).toEqual([]);
  });
});
