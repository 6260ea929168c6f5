import { RoutingPolicyDocument } from '@countersign/contracts';
import { aPolicyRecommendation } from '@countersign/contracts/testing';
import { applicationReason, applyRecommendation } from './apply-recommendation';

const POLICY = {
  threshold: 0.8,
  trustLevel: 2,
  alwaysReview: [],
  reviewFlags: ['anomaly:*'],
  modelOverrides: [{ modelVersion: 'v2', trustLevel: 1 }],
} as unknown as RoutingPolicyDocument;

describe('applyRecommendation', () => {
  it("changes the workflow's threshold, keeping everything else", () => {
    const applied = applyRecommendation(POLICY, { kind: 'threshold', recommended: 0.7, modelVersion: 'v2' });
    expect(applied).toEqual({ ...POLICY, threshold: 0.7 });
    expect(POLICY.threshold).toBe(0.8);
  });

  it('changes the override when the model version overrides that value', () => {
    const applied = applyRecommendation(POLICY, { kind: 'trust_level', recommended: 2, modelVersion: 'v2' });
    expect(applied.trustLevel).toBe(2);
    expect(applied.modelOverrides).toEqual([{ modelVersion: 'v2', trustLevel: 2 }]);
    const other = applyRecommendation(POLICY, { kind: 'trust_level', recommended: 3, modelVersion: 'v3' });
    expect(other).toEqual({ ...POLICY, trustLevel: 3 });
  });

  it('says why, with the evidence, for the policy history', () => {
    const reason = applicationReason(
      aPolicyRecommendation({
        recommendationId: '0f8e3c1a-4b2d-4e6f-9a1b-2c3d4e5f6a7b',
        kind: 'threshold',
        current: 0.8,
        recommended: 0.7,
        modelVersion: 'v2',
        evidence: { releasedSamples: 1200, errorRateUpper95: 0.0061 },
      }),
    );
    expect(reason).toBe(
      'feedback recommendation 0f8e3c1a-4b2d-4e6f-9a1b-2c3d4e5f6a7b applied (workflow opted in): threshold 0.8 -> 0.7 ' +
        'for model version v2; 1200 unbiased samples, error rate upper 95% bound 0.61%',
    );
  });
});
