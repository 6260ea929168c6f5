import { AuditPlan, defaultAuditPlan } from './audit-plan';
import { comparesAuditPlan } from './compares-audit-plan';

const current = defaultAuditPlan('w'); // rates 0.2/0.1/0.05/0.02, 30 a week, cuts [0.8, 0.9, 0.95]
const plan = (changes: Partial<AuditPlan>): AuditPlan => ({ ...current, ...changes });
const lowers = (next: AuditPlan, from: AuditPlan = current) => comparesAuditPlan(from, next).lowers;

describe('comparesAuditPlan', () => {
  it('keeps: the same plan lowers and raises nothing', () => {
    expect(comparesAuditPlan(current, plan({}))).toEqual({ lowers: [], raises: [] });
  });

  it('raises: higher rates, a higher minimum, a day instead of a week: not lowering', () => {
    const raised = plan({ ratesByTrustLevel: { 1: 1, 2: 0.5, 3: 0.05, 4: 0.3 }, minimumPerPeriod: 60 });
    const comparison = comparesAuditPlan(current, raised);
    expect(comparison.lowers).toEqual([]);
    expect(comparison.raises).toEqual(
      expect.arrayContaining(['ratesByTrustLevel.1: 0.2 → 1', 'minimumPerPeriod: 30 a week → 60 a week']),
    );
    expect(lowers(plan({ period: 'day' }))).toEqual([]);
    // Splitting a band with enough minimum to keep every band's guarantee: 40 over 5 bands is 8 each, as before.
    expect(lowers(plan({ confidenceCuts: [0.8, 0.9, 0.95, 0.99], minimumPerPeriod: 40 }))).toEqual([]);
  });

  it('lowers: any trust level rate lower, down to 0', () => {
    expect(lowers(plan({ ratesByTrustLevel: { 1: 0.2, 2: 0.1, 3: 0.05, 4: 0 } }))).toEqual([
      'ratesByTrustLevel.4: 0.02 → 0',
    ]);
    // Raising the others does not make up for it.
    expect(lowers(plan({ ratesByTrustLevel: { 1: 1, 2: 1, 3: 1, 4: 0.01 } }))).toEqual([
      'ratesByTrustLevel.4: 0.02 → 0.01',
    ]);
  });

  it('lowers: a lower minimum lowers it and every band it guaranteed', () => {
    const result = lowers(plan({ minimumPerPeriod: 0 }));
    expect(result[0]).toBe('minimumPerPeriod: 30 a week → 0 a week');
    expect(result).toHaveLength(5); // the minimum and each of the four bands
  });

  it('lowers: the same minimum a week instead of a day', () => {
    const daily = plan({ period: 'day' });
    expect(lowers(plan({ period: 'week' }), daily)).toContain('minimumPerPeriod: 30 a day → 30 a week');
    // 7 a day → 49 a week keeps the minimum per day.
    expect(
      lowers(plan({ period: 'week', minimumPerPeriod: 49 }), plan({ period: 'day', minimumPerPeriod: 7 })),
    ).not.toContain(expect.stringMatching(/^minimumPerPeriod/));
  });

  it('lowers: merged bands no longer guarantee the high-confidence band its checks', () => {
    const merged = lowers(plan({ confidenceCuts: [0.9], minimumPerPeriod: 100 }));
    expect(merged).toEqual(expect.arrayContaining(['confidence band 0.95-1: 8 checks a week guaranteed → 0 a week']));
    expect(lowers(plan({ confidenceCuts: [] }))).toHaveLength(4);
  });

  it('lowers: the same minimum spread over more buckets gives every band fewer guaranteed checks', () => {
    // 30 over 5 buckets is 6 each; the band split in two is guaranteed 6 too: its decisions may all fall in one half.
    expect(lowers(plan({ confidenceCuts: [0.8, 0.9, 0.95, 0.99] }))).toEqual([
      'confidence band 0-0.8: 8 checks a week guaranteed → 6 a week',
      'confidence band 0.8-0.9: 8 checks a week guaranteed → 6 a week',
      'confidence band 0.9-0.95: 8 checks a week guaranteed → 6 a week',
      'confidence band 0.95-1: 8 checks a week guaranteed → 6 a week',
    ]);
  });

  it('raises: splitting a band with a minimum that keeps every bucket at its quota', () => {
    expect(lowers(plan({ confidenceCuts: [0.8, 0.9, 0.95, 0.99], minimumPerPeriod: 40 }))).toEqual([]);
  });

  // Found by a review (2026-12-06): sliver buckets that never fill, beside buckets spanning two old bands, looked like
  // more buckets inside every band, so the plan applied at once while the bands below 0.9 lost their guarantee.
  it('lowers: moving a band bound, even with more buckets and a higher minimum', () => {
    expect(lowers(plan({ confidenceCuts: [0.000001, 0.899999, 0.9, 0.95], minimumPerPeriod: 40 }))).toEqual([
      'confidence band 0-0.8: 8 checks a week guaranteed → 0 a week',
      'confidence band 0.8-0.9: 8 checks a week guaranteed → 0 a week',
    ]);
  });
});
