import { taskNotice } from './task-notice';
import { ReviewTask } from './review-task';

const task = {
  id: 'task-1',
  decisionId: 'dec-1',
  workflow: 'contract-review',
  kind: 'review',
  group: 'reviewers',
  dueAt: new Date('2026-12-04T21:00:00Z'),
  routing: { reasons: ['below_threshold', 'amount_over_limit'] },
} as unknown as ReviewTask;

describe('task notice', () => {
  const notice = taskNotice('task.sla_breached', task, 'https://review.example.com/');

  it('links to the task in the web app', () => {
    expect(notice.link).toBe('https://review.example.com/review/contract-review?task=task-1');
  });

  it('keeps the Countersign fields receivers already read', () => {
    expect(notice).toMatchObject({
      type: 'task.sla_breached',
      taskId: 'task-1',
      decisionId: 'dec-1',
      workflow: 'contract-review',
      dueAt: '2026-12-04T21:00:00.000Z',
      reasons: ['below_threshold', 'amount_over_limit'],
    });
  });

  it('gives Slack a text and an Open task button, Teams a card with the same link', () => {
    expect(notice.text).toBe(
      'Review task past its SLA: contract-review (review, due 2026-12-04 21:00 UTC; reasons: below_threshold, ' +
        'amount_over_limit). Open it: https://review.example.com/review/contract-review?task=task-1',
    );
    expect(notice.blocks[1]).toEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open task' }, url: notice.link }],
    });
    expect(notice.summary).toBe('Review task past its SLA: contract-review');
    expect(notice.potentialAction[0].targets[0].uri).toBe(notice.link);
  });

  it("shows a producer's flag as inert text: no Slack link, channel ping or Teams link in the notice", () => {
    const flagged = {
      ...task,
      routing: {
        reasons: ['flag:anomaly:<https://evil.example/login|Open task> <!channel> [x](https://evil.example)'],
      },
    } as unknown as ReviewTask;
    const shown = taskNotice('task.queued', flagged, 'https://review.example.com');
    const reasonsLine = (shown.blocks[0].text?.text ?? '').split('\n').find((line) => line.startsWith('Reasons: '));
    expect(reasonsLine).toMatch(/^Reasons: flag:anomaly:/);
    expect(reasonsLine).not.toMatch(/[<>[\]()|!]/);
    expect(shown.text).not.toMatch(/[<>[\]|!]/);
    expect(shown.text).not.toContain('https://evil.example');
    // Machines still read the reason as routed.
    expect(shown.reasons).toEqual(flagged.routing.reasons);
  });
});
