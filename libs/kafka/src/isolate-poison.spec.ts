import fc from 'fast-check';
import { isolatePoison, IsolationPolicy } from './isolate-poison';
import { BatchResult, RecordOutcome } from './record-outcome';
import { InboundRecord } from './records';

const recordsOf = (count: number): InboundRecord[] =>
  Array.from({ length: count }, (_, index) => ({
    topic: 't',
    partition: 0,
    offset: String(index),
    key: null,
    value: Buffer.from(String(index)),
    headers: {},
    timestamp: '0',
  }));

const sqlError = (code: string) => Object.assign(new Error(`pg says ${code}`), { code });

function policy(keepPartialResults: boolean, pauses: number[] = []): IsolationPolicy {
  return {
    maxAttempts: 3,
    backoffMs: () => 0,
    keepPartialResults,
    pause: async (ms) => void pauses.push(ms),
    onRetry: () => undefined,
  };
}

/** A handler that stores records and refuses those in `poison` with `error`, as a batch in one statement would. */
function store(poison: Set<number>, error: () => Error) {
  const stored: number[] = [];
  const calls = { count: 0, aborted: 0 };
  const invoke = async (records: InboundRecord[]): Promise<BatchResult> => {
    calls.count++;
    const numbers = records.map((record) => Number(record.offset));
    if (numbers.some((n) => poison.has(n))) throw error();
    return {
      outcomes: records.map(() => RecordOutcome.done()),
      afterCommit: async () => void stored.push(...numbers),
      afterAbort: async () => void calls.aborted++,
    };
  };
  return { invoke, stored, calls };
}

describe('isolatePoison', () => {
  it.each([true, false])(
    'dead-letters exactly the records the store refuses and processes every other (keep partial results: %s)',
    async (keep) => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: 1, max: 120 })
            .chain((size) => fc.tuple(fc.constant(size), fc.uniqueArray(fc.nat(size - 1), { maxLength: 6 }))),
          fc.constantFrom('22P05', '23505', '54000', 'unknown'),
          async ([size, bad], code) => {
            const poison = new Set(bad);
            const { invoke, stored } = store(poison, () => (code === 'unknown' ? new Error('boom') : sqlError(code)));
            const result = await isolatePoison(recordsOf(size), invoke, policy(keep));
            await result.afterCommit?.();
            const lettered = result.outcomes.flatMap((outcome, index) =>
              outcome.kind === 'dead-letter' ? [index] : [],
            );
            expect(lettered.sort((a, b) => a - b)).toEqual([...poison].sort((a, b) => a - b));
            for (const index of lettered) {
              expect(result.outcomes[index]).toMatchObject({
                reason: code === 'unknown' ? 'handler_failed' : 'store_rejected',
              });
            }
            expect(new Set(stored)).toEqual(
              new Set(
                recordsOf(size)
                  .map((_, i) => i)
                  .filter((i) => !poison.has(i)),
              ),
            );
          },
        ),
        { numRuns: 150 },
      );
    },
  );

  it('undoes the probes of a transactional batch and runs the survivors once more as one set', async () => {
    const { invoke, stored, calls } = store(new Set([3]), () => sqlError('22P05'));
    const result = await isolatePoison(recordsOf(8), invoke, policy(false));
    await result.afterCommit?.();
    expect(stored.sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(calls.aborted).toBeGreaterThan(0);
  });

  it('retries a batch whose database is unavailable until it is back, dead-lettering nothing', async () => {
    let outage = 25;
    const pauses: number[] = [];
    const invoke = async (records: InboundRecord[]): Promise<BatchResult> => {
      if (outage-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      return { outcomes: records.map(() => RecordOutcome.done()) };
    };
    const result = await isolatePoison(recordsOf(10), invoke, policy(true, pauses));
    expect(result.outcomes.every((outcome) => outcome.kind === 'publish')).toBe(true);
    expect(pauses).toHaveLength(25);
  });

  it('does not dead-letter a record whose error does not repeat', async () => {
    let failures = 2;
    const invoke = async (records: InboundRecord[]): Promise<BatchResult> => {
      if (failures-- > 0) throw new Error('deadlock detected');
      return { outcomes: records.map(() => RecordOutcome.done()) };
    };
    const result = await isolatePoison(recordsOf(1), invoke, policy(true));
    expect(result.outcomes).toEqual([RecordOutcome.done()]);
  });

  it('gives the retry up when the consumer loses the partition', async () => {
    const invoke = async (): Promise<BatchResult> => {
      throw Object.assign(new Error('Connection terminated unexpectedly'), {});
    };
    const revoked: IsolationPolicy = {
      ...policy(true),
      pause: async () => {
        throw new Error('batch abandoned');
      },
    };
    await expect(isolatePoison(recordsOf(4), invoke, revoked)).rejects.toThrow('batch abandoned');
  });
});

describe('isolatePoison during a database outage that is not a lost connection', () => {
  it.each([
    ['disk full (53100)', '53100'],
    ['out of memory (53200)', '53200'],
    ['a primary demoted to read-only after a failover (25006)', '25006'],
    ['an I/O error (58030)', '58030'],
    ['a connect that timed out (ETIMEDOUT)', 'ETIMEDOUT'],
  ])('%s: every record waits for the database and none is dead-lettered', async (_case, code) => {
    // The outage lasts longer than the bounded retries of an unknown error would: 20 failing calls, then healthy.
    let failures = 20;
    const stored: number[] = [];
    const invoke = async (records: InboundRecord[]): Promise<BatchResult> => {
      if (failures-- > 0) throw sqlError(code);
      return {
        outcomes: records.map(() => RecordOutcome.done()),
        afterCommit: async () => void stored.push(...records.map((record) => Number(record.offset))),
      };
    };
    const result = await isolatePoison(recordsOf(8), invoke, policy(true));
    await result.afterCommit?.();
    expect(result.outcomes.filter((outcome) => outcome.kind === 'dead-letter')).toHaveLength(0);
    expect(stored.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
