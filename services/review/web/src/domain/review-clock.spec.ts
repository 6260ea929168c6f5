import { approvalIsHasty, countWords, formatDuration, medianReadingMs, shouldRenewLease } from './review-clock';

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

  describe('median reading time', () => {
    it('is the median of past times once there are five', () => {
      expect(medianReadingMs([9, 1, 5, 3, 7], 10_000)).toBe(5);
      expect(medianReadingMs([1, 2, 3, 4, 5, 6], 0)).toBe(3.5);
    });
    it('is estimated from the words on screen before that, never under five seconds', () => {
      expect(medianReadingMs([1, 2], 500)).toBe(120_000);
      expect(medianReadingMs([], 3)).toBe(5_000);
    });
  });

  it('asks again when an approval comes faster than the median reading time', () => {
    expect(approvalIsHasty(2_000, 5_000)).toBe(true);
    expect(approvalIsHasty(5_000, 5_000)).toBe(false);
  });

  it('counts words in text and in JSON values, a written number as one', () => {
    expect(countWords("The supplier's cap is EUR 5,000,000.", { law: 'England and Wales' })).toBe(10);
    expect(countWords(undefined, '')).toBe(0);
  });
});
