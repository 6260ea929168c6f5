/** A record of a decision's history as the API shows it. */
export interface HistoryEntry {
  chain: number;
  seq: number;
  hash: string;
  prevHash: string;
  event: unknown;
  /** The trace the event was produced in (W3C trace id), when known. */
  traceId?: string | null;
  /** True when verdicts of a still-open review task were removed from `event` (its hash is of the stored event). */
  redacted?: boolean;
}

interface TaskEventShape {
  type?: unknown;
  data?: {
    taskId?: unknown;
    judgments?: unknown;
    setAside?: unknown;
    verdict?: unknown;
    author?: unknown;
    comment?: unknown;
  };
}

const TASK_ENDS = new Set(['task.completed', 'task.cancelled', 'task.expired']);

/**
 * Blind review reaches the audit trail too: review records every judgment of a multi-approval task as it is given
 * (`recorded`, `escalated` with the judgments set aside), and the leads who may read a decision's history are the very
 * people who take an SLA-breached task as its next reviewer. Until a task has ended, its events are shown without
 * verdicts (who judged and when stay visible, as the task's `hiddenJudgments` count does in review), and the notes of
 * anyone who has judged it without their text (who wrote one and when stay visible). The stored trail
 * and its hashes are untouched; `redacted` tells a verifier which shown events are not the hashed ones.
 */
export function blindOpenJudgments(entries: HistoryEntry[]): HistoryEntry[] {
  const ended = new Set<unknown>();
  /** Per task, everyone who has judged it: as in review, their notes are hidden too (a note can carry a verdict). */
  const judges = new Map<unknown, Set<unknown>>();
  for (const { event } of entries) {
    const { type, data } = (event ?? {}) as TaskEventShape;
    if (typeof type === 'string' && TASK_ENDS.has(type)) ended.add(data?.taskId);
    for (const list of [data?.judgments, data?.setAside]) {
      if (!Array.isArray(list)) continue;
      const of = judges.get(data?.taskId) ?? new Set<unknown>();
      for (const item of list) of.add((item as { reviewer?: unknown } | null)?.reviewer);
      judges.set(data?.taskId, of);
    }
  }
  return entries.map((entry) => {
    const { data } = (entry.event ?? {}) as TaskEventShape;
    if (!data || data.taskId === undefined || ended.has(data.taskId)) return entry;
    if (data.comment !== undefined && judges.get(data.taskId)?.has(data.author)) {
      const { comment: _comment, ...withoutText } = data;
      return { ...entry, event: { ...(entry.event as object), data: withoutText }, redacted: true };
    }
    if (data.judgments === undefined && data.setAside === undefined && data.verdict === undefined) return entry;
    const { judgments, setAside, verdict: _verdict, ...rest } = data;
    const withoutVerdicts = (list: unknown) =>
      Array.isArray(list) ? list.map((item) => withoutVerdict(item as Record<string, unknown>)) : list;
    return {
      ...entry,
      event: {
        ...(entry.event as object),
        data: {
          ...rest,
          ...(judgments !== undefined && { judgments: withoutVerdicts(judgments) }),
          ...(setAside !== undefined && { setAside: withoutVerdicts(setAside) }),
        },
      },
      redacted: true,
    };
  });
}

function withoutVerdict(judgment: Record<string, unknown>): Record<string, unknown> {
  const { reviewer, givenAt } = judgment;
  return { reviewer, ...(givenAt !== undefined && { givenAt }) };
}
