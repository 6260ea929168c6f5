import { formatDuration, shouldRenewLease } from './review-clock';

describe('review clock', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [42_000, '0:42'],
    [725_000, '12:05'],
    [3_723_000, '1:02:03'],
    [-5_000, '0:00'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  describe('lease renewal', () => {
    const lease = { claimedAt: 0, expiresAt: 300_000 };
    it.each([
      ['plenty left', 100_000, 90_000, false],
      ['under 40% left, active', 200_000, 190_000, true],
      ['under 40% left, idle for 3 minutes', 200_000, 20_000, false],
      ['already expired', 300_000, 299_000, false],
    ])('%s: renew = %s', (_case, now, lastActivity, renew) => {
      expect(shouldRenewLease(lease, now, lastActivity)).toBe(renew);
    });
  });
});
