import { formatInterval, timelineMarks } from './oversight-timeline';

const weeks = ['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'];
const version = (n: number, changedAt: string, trustLevel: number, threshold = 0.9) => ({
  version: n,
  changedAt,
  policy: { trustLevel, threshold },
});

describe('oversight timeline', () => {
  it('places each version in its week and says what changed against the one before', () => {
    const marks = timelineMarks(
      [
        version(3, '2026-12-01T10:00:00Z', 2, 0.8),
        version(1, '2026-11-01T10:00:00Z', 0),
        version(2, '2026-11-24T09:00:00Z', 1),
      ],
      weeks,
    );
    expect(marks).toEqual([
      {
        weekStart: weeks[1],
        at: '2026-11-24T09:00:00Z',
        version: 2,
        label: 'v2: trust level 0 → 1',
        trustLevelChanged: true,
      },
      {
        weekStart: weeks[2],
        at: '2026-12-01T10:00:00Z',
        version: 3,
        label: 'v3: trust level 1 → 2, threshold 0.9 → 0.8',
        trustLevelChanged: true,
      },
    ]);
  });

  it('names a first policy and leaves out versions after the last week', () => {
    expect(
      timelineMarks([version(1, '2026-11-17T00:00:00Z', 1), version(2, '2026-12-08T00:00:00Z', 2)], weeks),
    ).toEqual([
      expect.objectContaining({ version: 1, label: 'v1: first policy, trust level 1', trustLevelChanged: false }),
    ]);
    expect(timelineMarks([version(1, '2026-11-17T00:00:00Z', 1)], [])).toEqual([]);
  });

  it('formats an interval, and says so when there is nothing to estimate', () => {
    expect(formatInterval({ estimate: 0.041, lower: 0.02, upper: 0.079 })).toBe('4.1 % (95% 2.0–7.9 %)');
    expect(formatInterval({ estimate: null, lower: 0, upper: 1 })).toBe('no data');
  });
});
