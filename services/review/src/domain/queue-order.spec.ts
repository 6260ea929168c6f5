import fc from 'fast-check';
import { QueuedTask, queueOrder } from './queue-order';

const at = (minutes: number): Date => new Date(Date.UTC(2026, 10, 3, 9) + minutes * 60_000);
const task = (id: string, due: number, errorCost: number | null, created: number): QueuedTask => ({
  id,
  dueAt: at(due),
  errorCost,
  createdAt: at(created),
});

const queued: fc.Arbitrary<QueuedTask> = fc.record({
  // Few distinct values, so that ties on the first keys are common and the later keys get decided.
  id: fc.constantFrom('a', 'b', 'c', 'd'),
  dueAt: fc.integer({ min: 0, max: 3 }).map(at),
  errorCost: fc.option(fc.constantFrom(0, 10, 250_000, -5), { nil: null }),
  createdAt: fc.integer({ min: -3, max: 0 }).map(at),
});

/** The order keys of a task, as a tuple compared left to right: what the queue promises. */
const keys = (t: QueuedTask): [number, number, number, string] => [
  t.dueAt.getTime(),
  t.errorCost === null ? Number.POSITIVE_INFINITY : -t.errorCost,
  t.createdAt.getTime(),
  t.id,
];

describe('queueOrder', () => {
  it.each<[string, QueuedTask[], string[]]>([
    [
      'the earliest due first, whatever its cost or age',
      [task('late', 60, 1e6, -60), task('soon', 30, 1, 0)],
      ['soon', 'late'],
    ],
    [
      'among those due together, the costliest error first, and those without a cost last',
      [task('none', 30, null, -60), task('small', 30, 1_000, 0), task('big', 30, 250_000, 0)],
      ['big', 'small', 'none'],
    ],
    ['then the longest waiting', [task('new', 30, 5, 0), task('old', 30, 5, -10)], ['old', 'new']],
    ['then by id', [task('b', 30, null, 0), task('a', 30, null, 0)], ['a', 'b']],
  ])('puts %s', (_case, tasks, ids) => {
    expect([...tasks].sort(queueOrder).map((t) => t.id)).toEqual(ids);
  });

  it('sorts any tasks so that their order keys never go backwards', () => {
    fc.assert(
      fc.property(fc.array(queued, { maxLength: 30 }), (tasks) => {
        const sorted = [...tasks].sort(queueOrder);
        for (let i = 1; i < sorted.length; i++) {
          const [previous, current] = [keys(sorted[i - 1]), keys(sorted[i])];
          const first = previous.findIndex((key, k) => key !== current[k]);
          if (first >= 0) expect(previous[first] < current[first]).toBe(true);
        }
      }),
    );
  });

  it('is a total order: antisymmetric, transitive, and zero only between tasks with equal keys', () => {
    fc.assert(
      fc.property(queued, queued, queued, (a, b, c) => {
        expect(Math.sign(queueOrder(a, b))).toBe(-Math.sign(queueOrder(b, a)) || 0);
        expect(queueOrder(a, b) === 0).toBe(JSON.stringify(keys(a)) === JSON.stringify(keys(b)));
        if (queueOrder(a, b) <= 0 && queueOrder(b, c) <= 0) expect(queueOrder(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
