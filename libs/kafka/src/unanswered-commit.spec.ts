import { settleUnansweredCommit, UnansweredCommit } from './unanswered-commit';

/** A broker whose committed offset reads as `offsets` say, one reading per call (the last one repeats). */
function commitWith(overrides: Partial<UnansweredCommit> & { offsets: Array<bigint | undefined> }) {
  let clock = 0;
  const readings = [...overrides.offsets];
  const slept: number[] = [];
  const commit: UnansweredCommit = {
    nextOffset: 100n,
    reinitialise: async () => true,
    committedOffset: async () => (readings.length > 1 ? readings.shift() : readings[0]),
    transactionTimeoutMs: 60_000,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
    now: () => clock,
    ...overrides,
  };
  return { commit, slept, elapsed: () => clock };
}

describe('settleUnansweredCommit', () => {
  it('is committed when, after a fresh producer finished the transaction, the offset is past the batch', async () => {
    const { commit, slept } = commitWith({ offsets: [100n] });
    await expect(settleUnansweredCommit(commit)).resolves.toBe('committed');
    expect(slept).toEqual([]);
  });

  it('reads once more before concluding aborted: a committed offset may be applied a moment after the markers', async () => {
    const late = commitWith({ offsets: [90n, 100n] });
    await expect(settleUnansweredCommit(late.commit)).resolves.toBe('committed');
    const never = commitWith({ offsets: [90n] });
    await expect(settleUnansweredCommit(never.commit)).resolves.toBe('aborted');
    const none = commitWith({ offsets: [undefined] });
    await expect(settleUnansweredCommit(none.commit)).resolves.toBe('aborted');
  });

  it('never calls a batch committed on an offset short of it, even by one', async () => {
    const { commit } = commitWith({ offsets: [99n] });
    await expect(settleUnansweredCommit(commit)).resolves.toBe('aborted');
  });

  it('without the partition (another replica owns it), watches the offset until it passes the batch', async () => {
    const { commit, elapsed } = commitWith({
      reinitialise: async () => false,
      offsets: [90n, 90n, 90n, 100n],
    });
    await expect(settleUnansweredCommit(commit)).resolves.toBe('committed');
    expect(elapsed()).toBe(3_000);
  });

  it('without the partition, concludes aborted only once the transaction timeout has certainly passed', async () => {
    const { commit, elapsed } = commitWith({ reinitialise: async () => false, offsets: [90n] });
    await expect(settleUnansweredCommit(commit)).resolves.toBe('aborted');
    expect(elapsed()).toBeGreaterThanOrEqual(60_000 + 15_000);
  });
});
