import { wilsonScore as wilsonInterval } from '@countersign/statistics';
import { buildReport } from './audit-report';
import { autonomousErrorRate, catchRate } from './error-estimates';

describe('autonomousErrorRate', () => {
  it('is plain Wilson with one bucket', () => {
    const rate = autonomousErrorRate([{ bucket: '0-1', released: 1000, judged: 100, errors: 3 }]);
    expect(rate).toMatchObject({ ...wilsonInterval(3, 100), unjudgedReleased: 0 });
  });

  it('weights buckets by released decisions, not by how heavily each was sampled', () => {
    const rate = autonomousErrorRate([
      { bucket: '0-0.9', released: 900, judged: 30, errors: 6 },
      { bucket: '0.9-1', released: 100, judged: 30, errors: 0 },
    ]);
    // 0.9 × 0.2 + 0.1 × 0, where pooling the checks would say 6/60 = 0.1.
    expect(rate?.estimate).toBeCloseTo(0.18, 10);
    expect(rate?.lower).toBeLessThan(0.18);
    expect(rate?.upper).toBeGreaterThan(0.18);
  });

  it('says nothing before a verdict and names what no verdict covers', () => {
    expect(autonomousErrorRate([])).toBeNull();
    expect(autonomousErrorRate([{ bucket: 'a', released: 5, judged: 0, errors: 0 }])).toBeNull();
    expect(
      autonomousErrorRate([
        { bucket: 'a', released: 5, judged: 0, errors: 0 },
        { bucket: 'b', released: 50, judged: 10, errors: 1 },
      ]),
    ).toMatchObject({ estimate: 0.1, unjudgedReleased: 5 });
  });
});

describe('catchRate', () => {
  it('is caught / (caught + estimated escaped), with bounds from the error rate’s', () => {
    const rate = catchRate(90, 1000, { estimate: 0.01, lower: 0.005, upper: 0.02 });
    expect(rate?.estimate).toBeCloseTo(0.9, 10);
    expect(rate?.lower).toBeCloseTo(90 / 110, 10);
    expect(rate?.upper).toBeCloseTo(90 / 95, 10);
  });

  it('is 1 when everything was reviewed, and unknown when nothing is measured', () => {
    expect(catchRate(4, 0, null)).toEqual({ estimate: 1, lower: 1, upper: 1 });
    expect(catchRate(4, 10, null)).toBeNull();
    expect(catchRate(0, 10, { estimate: 0, lower: 0, upper: 0.3 })).toBeNull();
    expect(catchRate(0, 10, { estimate: 0.1, lower: 0, upper: 0.3 })).toEqual({ estimate: 0, lower: 0, upper: 1 });
  });
});

describe('buildReport', () => {
  it('adds up outcomes, samples and errors', () => {
    const report = buildReport({
      workflow: 'kyc',
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
      outcomes: { autonomous: 800, approved: 150, corrected: 30, rejected: 20, expired: 0, withdrawn: 0 },
      byReason: { below_threshold: 180, 'flag:pep': 20 },
      strata: [
        { bucket: '0-0.9', released: 300, judged: 40, errors: 4 },
        { bucket: '0.9-1', released: 500, judged: 20, errors: 0 },
      ],
      sampled: 65,
      slaBreaches: 2,
      trustLevelChanges: [],
    });
    expect(report).toMatchObject({
      decisions: 1000,
      autonomous: 800,
      reviewed: 200,
      caughtInReview: 50,
      audit: { sampled: 65, judged: 60, errorsFound: 4 },
      slaBreaches: 2,
    });
    expect(report.autonomousErrorRate?.estimate).toBeCloseTo((300 / 800) * 0.1, 10);
    expect(report.catchRate?.estimate).toBeCloseTo(50 / (50 + 800 * (300 / 800) * 0.1), 10);
  });
});
