import { TrailController } from './trail.controller';
import { TrailStore } from './trail-store';
import { TrailVerifier } from './trail-verifier';

/** A review task's audit event as review publishes it (see services/review/src/domain/task-audit-event.ts). */
const taskEvent = (seq: number, type: string, data: Record<string, unknown>) => ({
  chain: 1,
  seq,
  eventId: `e${seq}`,
  prevHash: 'p',
  hash: `h${seq}`,
  event: { type, decisionId: 'd-1', workflow: 'w', actor: 'alice', data: { taskId: 't-1', ...data } },
});

const firstJudgment = { reviewer: 'alice', verdict: 'reject', givenAt: '2026-01-01T00:00:00.000Z' };

function historyOf(records: ReturnType<typeof taskEvent>[]) {
  const store = { history: async () => records } as unknown as TrailStore;
  return new TrailController(store, {} as TrailVerifier).history({ id: 'd-1' });
}

describe('decision history and blind review', () => {
  it('hides the first verdict of a four-eyes task that is still open from the lead who may be its second reviewer', async () => {
    const { events } = await historyOf([
      taskEvent(1, 'task.created', { event: 'created', requiredApprovals: 2 }),
      taskEvent(2, 'task.released', { event: 'recorded', judgments: [firstJudgment] }),
      taskEvent(3, 'task.escalated', {
        event: 'escalated',
        reason: 'sla_breached',
        setAside: [{ reviewer: 'alice', verdict: 'reject' }],
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain('reject');
    expect(events.filter((record) => record.redacted)).toHaveLength(2);
  });

  it("hides the text of a note by someone who judged a task that is still open, as review's blind rule does", async () => {
    const { events } = await historyOf([
      taskEvent(1, 'task.created', { event: 'created', requiredApprovals: 2 }),
      taskEvent(2, 'task.commented', { event: 'commented', author: 'alice', comment: 'reject it: wrong vendor' }),
      taskEvent(3, 'task.released', { event: 'recorded', judgments: [firstJudgment] }),
      taskEvent(4, 'task.commented', { event: 'commented', author: 'carol', comment: 'see the annex' }),
    ]);
    expect(JSON.stringify(events)).not.toContain('wrong vendor');
    // Who wrote it stays visible; a note by someone who has not judged is shown whole.
    expect(events[1]).toMatchObject({ redacted: true, event: { data: { author: 'alice' } } });
    expect(JSON.stringify(events)).toContain('see the annex');
  });

  it('shows every verdict and every note once the task has ended', async () => {
    const { events: ended } = await historyOf([
      taskEvent(1, 'task.commented', { event: 'commented', author: 'alice', comment: 'reject it: wrong vendor' }),
      taskEvent(2, 'task.completed', { event: 'completed', judgments: [firstJudgment] }),
    ]);
    expect(JSON.stringify(ended)).toContain('wrong vendor');
  });

  it('shows every verdict once the task has ended', async () => {
    const { events } = await historyOf([
      taskEvent(1, 'task.released', { event: 'recorded', judgments: [firstJudgment] }),
      taskEvent(2, 'task.completed', {
        event: 'completed',
        judgments: [firstJudgment, { ...firstJudgment, reviewer: 'bob' }],
      }),
    ]);
    expect(events[0].event).toEqual(
      expect.objectContaining({ data: expect.objectContaining({ judgments: [firstJudgment] }) }),
    );
    expect(events.filter((record) => record.redacted)).toHaveLength(0);
  });
});
