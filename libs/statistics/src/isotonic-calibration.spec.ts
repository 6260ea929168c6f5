import fc from 'fast-check';
import { calibratedAccuracy, isotonicCalibration } from './isotonic-calibration';

describe('isotonicCalibration', () => {
  it('pools adjacent violators into their weighted mean', () => {
    const steps = isotonicCalibration([
      { confidence: 0.6, right: 1, weight: 1 },
      { confidence: 0.7, right: 0, weight: 3 },
      { confidence: 0.9, right: 1, weight: 1 },
    ]);
    expect(steps).toEqual([
      { from: 0.6, to: 0.7, accuracy: 0.25, weight: 4 },
      { from: 0.9, to: 0.9, accuracy: 1, weight: 1 },
    ]);
    expect(calibratedAccuracy(steps, 0.65)).toBe(0.25);
    expect(calibratedAccuracy(steps, 0.95)).toBe(1);
    expect(calibratedAccuracy(steps, 0.1)).toBe(0.25);
    expect(calibratedAccuracy([], 0.5)).toBeNull();
  });

  it('is non-decreasing and keeps the total weighted accuracy (a property of the least-squares fit)', () => {
    const point = fc.record({
      confidence: fc.integer({ min: 50, max: 100 }).map((c) => c / 100),
      right: fc.integer({ min: 0, max: 1 }),
      weight: fc.oneof(fc.constant(1), fc.constant(20)),
    });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 200 }), (points) => {
        const steps = isotonicCalibration(points);
        for (let i = 1; i < steps.length; i++) expect(steps[i].accuracy).toBeGreaterThanOrEqual(steps[i - 1].accuracy);
        const fitted = steps.reduce((sum, step) => sum + step.accuracy * step.weight, 0);
        const observed = points.reduce((sum, p) => sum + p.right * p.weight, 0);
        expect(fitted).toBeCloseTo(observed, 8);
      }),
    );
  });
});
