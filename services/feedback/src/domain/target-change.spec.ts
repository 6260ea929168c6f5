import { comparesTarget } from './target-change';

describe('comparesTarget', () => {
  const current = { maxErrorRate: 0.01, autoApply: false };

  it('a higher maxErrorRate lowers oversight, and says from what to what', () => {
    const { lowers, unchanged } = comparesTarget(current, { maxErrorRate: 0.3, autoApply: false });
    expect(lowers).toEqual(['maxErrorRate 0.01 → 0.3: more error accepted in released decisions']);
    expect(unchanged).toBe(false);
  });

  it('a lower or equal maxErrorRate does not, whatever autoApply does', () => {
    for (const autoApply of [false, true]) {
      expect(comparesTarget(current, { maxErrorRate: 0.01, autoApply }).lowers).toEqual([]);
      expect(comparesTarget(current, { maxErrorRate: 0.001, autoApply }).lowers).toEqual([]);
      expect(comparesTarget({ ...current, autoApply: true }, { maxErrorRate: 0.005, autoApply }).lowers).toEqual([]);
    }
  });

  it('a loosening with autoApply turned on at the same time still lowers oversight', () => {
    expect(comparesTarget(current, { maxErrorRate: 0.02, autoApply: true }).lowers).toHaveLength(1);
  });

  it('only the very same target is unchanged', () => {
    expect(comparesTarget(current, { ...current }).unchanged).toBe(true);
    expect(comparesTarget(current, { maxErrorRate: 0.01, autoApply: true }).unchanged).toBe(false);
    expect(comparesTarget(current, { maxErrorRate: 0.0099, autoApply: false }).unchanged).toBe(false);
  });
});
