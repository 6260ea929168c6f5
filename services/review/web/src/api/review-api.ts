import { PastJudgment, RECENT_JUDGMENTS } from '@countersign/contracts/rubber-stamp-guard';
import { RoutingFacts } from '../domain/routing-reasons';
import { callApi } from './http';

export interface Judgment {
  verdict: 'approve' | 'reject' | 'correct';
  reviewer: string;
  timeOnTaskMs: number;
  correction?: Record<string, unknown>;
  reasonCode?: string;
}

export interface Task {
  id: string;
  decisionId: string;
  kind: 'review' | 'audit';
  workflow: string;
  state: string;
  requiredApprovals: number;
  /** Your own judgment only while the task is open (blind review); everyone's once it is finished. */
  judgments: Judgment[];
  /** Other people's judgments held back from you until the task is finished (blind review). */
  hiddenJudgments?: number;
  lease: { holder: string; claimedAt: string; expiresAt: string } | null;
  dueAt: string | null;
  createdAt: string;
  outcome: { verdict: string; finalOutput: Record<string, unknown> | null } | null;
}

export interface TaskDetail extends Task {
  decision: {
    id: string;
    workflow: string;
    model: { name: string; version: string };
    confidence: number;
    output: Record<string, unknown>;
    input?: Record<string, unknown>;
    evidence?: Record<string, unknown>;
    attributes: Record<string, string | number | boolean>;
    flags: string[];
  };
  routing: RoutingFacts;
}

export interface QueueCounts {
  workflow: string;
  open: number;
  claimed: number;
  escalated: number;
  oldestCreatedAt: string | null;
  slaBreached: number;
}

export type VerdictRequest = (
  | { verdict: 'approve' }
  | { verdict: 'reject'; reasonCode: string; comment?: string }
  | { verdict: 'correct'; correction: Record<string, unknown>; comment?: string }
) & { guard?: { prompted: boolean; reconsidered?: boolean } };

/** The review service's task API, same origin as the app. */
export class ReviewApi {
  constructor(private readonly token: string) {}

  queues(): Promise<QueueCounts[]> {
    return callApi('/api/v1/queues', this.token);
  }

  /** Claims the next task of the workflow; undefined when the queue is empty. */
  next(workflow: string): Promise<TaskDetail | undefined> {
    return callApi(`/api/v1/tasks/next?workflow=${encodeURIComponent(workflow)}`, this.token, { method: 'POST' });
  }

  /** Claims one named task (a link from a notice); refused when someone else holds it or it is done. */
  claim(id: string): Promise<TaskDetail> {
    return callApi(`/api/v1/tasks/${encodeURIComponent(id)}/claim`, this.token, { method: 'POST' });
  }

  renew(id: string): Promise<Task> {
    return callApi(`/api/v1/tasks/${id}/renew`, this.token, { method: 'POST' });
  }

  release(id: string): Promise<Task> {
    return callApi(`/api/v1/tasks/${id}/release`, this.token, { method: 'POST' });
  }

  complete(id: string, verdict: VerdictRequest): Promise<Task> {
    return callApi(`/api/v1/tasks/${id}/complete`, this.token, { method: 'POST', body: verdict });
  }

  outputSchema(workflow: string): Promise<Record<string, unknown> | undefined> {
    return callApi<Record<string, unknown>>(
      `/api/v1/workflows/${encodeURIComponent(workflow)}/output-schema`,
      this.token,
    ).catch(() => undefined);
  }

  /** The caller's own recent verdicts on the workflow, newest first: the rubber-stamp guard's yardstick. */
  async myRecentJudgments(workflow: string): Promise<PastJudgment[]> {
    const page = await callApi<{ items: PastJudgment[] }>(
      `/api/v1/my/judgments?workflow=${encodeURIComponent(workflow)}&limit=${RECENT_JUDGMENTS}`,
      this.token,
    );
    return page.items;
  }
}
