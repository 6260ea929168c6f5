import { ReviewTask } from './review-task';

export type TaskNoticeType = 'task.queued' | 'task.sla_breached' | 'task.escalated';

const HEADLINES: Record<TaskNoticeType, string> = {
  'task.queued': 'New review task',
  'task.sla_breached': 'Review task past its SLA',
  'task.escalated': 'Review task escalated to leads',
};

/**
 * The webhook body of a task notice. One body serves three receivers: machines read the Countersign fields (type,
 * taskId, ...), a Slack incoming webhook shows `text` and renders `blocks` (a section and an "Open task" button), and
 * a Teams incoming webhook (Office 365 connector card) shows `summary`, `text` and the `potentialAction` button.
 * Each ignores the others' fields. The link opens the task itself in the web app (`/review/<workflow>?task=<id>`).
 */
export function taskNotice(type: TaskNoticeType, task: ReviewTask, webAppUrl: string) {
  const link = `${webAppUrl.replace(/\/+$/, '')}/review/${task.workflow}?task=${encodeURIComponent(task.id)}`;
  const due = `${task.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const reasons = task.routing.reasons.length > 0 ? task.routing.reasons.join(', ') : 'none given';
  const headline = `${HEADLINES[type]}: ${task.workflow}`;
  // Plain text with the bare link: Slack and Teams both turn it into a link, a mail bridge keeps it readable.
  const text = `${headline} (${task.kind}, due ${due}; reasons: ${reasons}). Open it: ${link}`;
  return {
    type,
    taskId: task.id,
    decisionId: task.decisionId,
    workflow: task.workflow,
    kind: task.kind,
    group: task.group,
    dueAt: task.dueAt.toISOString(),
    reasons: task.routing.reasons,
    link,
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${headline}*\n${task.kind} task, due ${due}\nReasons: ${reasons}` },
      },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open task' }, url: link }],
      },
    ],
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: headline,
    potentialAction: [{ '@type': 'OpenUri', name: 'Open task', targets: [{ os: 'default', uri: link }] }],
  };
}
