import { wilsonInterval } from '@countersign/statistics';
import { budgetStanding, oversightWeek, SMALL_SAMPLE, weekStartOf, weekStarts } from './oversight-weeks';

describe('oversight weeks', () => {
  it.each([
    ['2026-12-04T20:33:00Z', '2026-11-30T00:00:00.000Z'], // a Friday
    ['2026-11-30T00:00:00Z', '2026-11-30T00:00:00.000Z'], // Monday midnight starts its own week
    ['2026-11-29T23:59:59Z', '2026-11-23T00:00:00.000Z'], // Sunday belongs to the week before
  ])('%s falls in the week starting %s', (instant, start) => {
    expect(weekStartOf(new Date(instant)).toISOString()).toBe(start);
  });

  it('lists the weeks oldest first, ending with the current one', () => {
    const starts = weekStarts(new Date('2026-12-04T20:33:00Z'), 3).map((d) => d.toISOString().slice(0, 10));
    expect(starts).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(() => weekStarts(new Date(), 0)).toThrow(RangeError);
  });

  it.each([
    [0, 200, 0.02, 'within'], // upper bound 1.9% < 2%
    [30, 200, 0.02, 'over'], // lower bound 10.7% > 2%
    [4, 200, 0.02, 'undetermined'], // 2% ± 1.3%: the interval straddles the budget
    [0, 0, 0.02, 'undetermined'], // nothing audited: nothing known
    [4, 200, null, 'no-budget'],
  ])('%i errors in %i audits against budget %s: %s', (errors, audited, budget, standing) => {
    expect(budgetStanding(wilsonInterval(errors, audited), budget)).toBe(standing);
  });

  it('counts review share over every final decision and marks a week with few audits as a small sample', () => {
    const week = oversightWeek(
      new Date('2026-11-30T00:00:00Z'),
      {
        outcomes: { autonomous: 60, approved: 25, corrected: 10, rejected: 5, expired: 3, withdrawn: 1 },
        caught: 15,
        audited: SMALL_SAMPLE - 1,
        auditErrors: 1,
      },
      0.05,
    );
    expect(week).toMatchObject({ decisions: 104, reviewed: 40, expired: 3, withdrawn: 1, smallSample: true });
    expect(week.reviewShare).toBeCloseTo(40 / 104, 12);
    expect(week.releasedError.estimate).toBeCloseTo(1 / 29, 12);
    expect(week.releasedError.lower).toBeLessThan(week.releasedError.estimate as number);
    // Caught 15, escaped about 60 × 1/29: the catch rate's interval brackets its estimate.
    expect(week.catchRate.estimate).toBeCloseTo(15 / (15 + 60 / 29), 12);
    expect(week.catchRate.lower).toBeLessThan(week.catchRate.estimate as number);
    expect(week.catchRate.upper).toBeGreaterThan(week.catchRate.estimate as number);
    expect(
      oversightWeek(new Date(0), { outcomes: {}, caught: 0, audited: SMALL_SAMPLE, auditErrors: 0 }, null),
    ).toMatchObject({ decisions: 0, reviewShare: null, smallSample: false, budget: 'no-budget' });
  });
});
