import { ReviewTask } from './review-task';

export type TaskNoticeType = 'task.queued' | 'task.sla_breached' | 'task.escalated';

const HEADLINES: Record<TaskNoticeType, string> = {
  'task.queued': 'New review task',
  'task.sla_breached': 'Review task past its SLA',
  'task.escalated': 'Review task escalated to leads',
};

/**
 * A routing reason as chat text. Reasons carry producer-supplied flags (`flag:<anything>`), and Slack's mrkdwn and
 * Teams' markdown would render `<https://…|Open task>`, `<!channel>` or `[text](url)` in them: a producer could put a
 * phishing link or a channel-wide ping inside a notice reviewers trust. Shown text keeps only what a reason name needs;
 * the machine field `reasons` keeps them as they are.
 */
function shownReason(reason: string): string {
  const kept = reason.replace(/[^A-Za-z0-9:._-]/g, '?');
  return kept.length > 80 ? `${kept.slice(0, 79)}…` : kept;
}

/**
 * The webhook body of a task notice. One body serves three receivers: machines read the Countersign fields (type,
 * taskId, ...), a Slack incoming webhook shows `text` and renders `blocks` (a section and an "Open task" button), and
 * a Teams incoming webhook (Office 365 connector card) shows `summary`, `text` and the `potentialAction` button.
 * Each ignores the others' fields. The link opens the task itself in the web app (`/review/<workflow>?task=<id>`).
 */
export function taskNotice(type: TaskNoticeType, task: ReviewTask, webAppUrl: string) {
  const link = `${webAppUrl.replace(/\/+$/, '')}/review/${encodeURIComponent(task.workflow)}?task=${encodeURIComponent(task.id)}`;
  const due = `${task.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const reasons = task.routing.reasons.length > 0 ? task.routing.reasons.map(shownReason).join(', ') : 'none given';
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
