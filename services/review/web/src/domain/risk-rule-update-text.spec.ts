import type { RiskRuleUpdate } from '../api/risk-rule-updates';
import { changeText, outcomeText, rulesText } from './risk-rule-update-text';

const update = (over: Partial<RiskRuleUpdate>): RiskRuleUpdate => ({
  workflow: 'contract-review',
  direction: 'looser',
  outcome: 'proposed',
  rules: [],
  note: 'v1: cut none -> 0.93',
  recordedAt: '2026-12-06T01:00:00.000Z',
  ...over,
});

describe('risk rule update text', () => {
  it('names the direction and what became of the change', () => {
    expect(changeText(update({ direction: 'tighter' }))).toBe('More oversight');
    expect(changeText(update({ direction: 'looser' }))).toBe('Less oversight');
    expect(outcomeText(update({ outcome: 'applied', policyVersion: 7 }))).toBe('Applied as policy version 7');
    expect(outcomeText(update({ outcome: 'proposed', proposalId: 'p-1' }))).toBe(
      'Proposed: awaits a second admin (proposal p-1)',
    );
    expect(outcomeText(update({ outcome: 'advice' }))).toMatch(/not opted in/);
  });

  it('writes each rule with its model version, segment, cut and trust level, and says when none is left', () => {
    expect(rulesText(update({ rules: [] }))).toEqual(['None: every model version reviewed in full']);
    expect(
      rulesText(
        update({
          rules: [
            { modelVersion: 'v2', mode: 'confidence', cut: 0.93, trustLevel: 3 },
            {
              modelVersion: 'v3',
              mode: 'expected-loss',
              cut: -12.5,
              trustLevel: 2,
              segmentBy: 'region',
              segment: 'EU',
              inheritedFrom: 'v2',
            },
          ],
        }),
      ),
    ).toEqual([
      'v2: release at confidence ≥ 0.93 (trust level 3)',
      'v3 × region=EU: release at safety ≥ -12.5 (trust level 2, inherited from v2)',
    ]);
  });
});
