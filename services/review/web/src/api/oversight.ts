import { callApi } from './http';
import { UiConfig } from './ui-config';

/**
 * The dashboard's figures that live in other services, one function per figure. Each gives `undefined` when its
 * service does not answer it (not deployed, endpoint not there yet, 404, refused, or no data): the dashboard then
 * says "no data yet" and never shows a made-up number. Paths not yet served are marked PENDING: wire them here only.
 */

/** A workflow's current routing policy as the router gives it (GET /api/v1/policies, leads). */
export interface WorkflowPolicy {
  workflow: string;
  version: number;
  policy: { trustLevel: number; threshold: number; alwaysReview?: Array<{ name: string; when: unknown }> };
}

/** Current policy of every workflow, from the router; undefined without the lead role or when the router is away. */
export function workflowPolicies(config: UiConfig, token: string): Promise<WorkflowPolicy[] | undefined> {
  return orUndefined(callApi<WorkflowPolicy[]>(`${config.routerUrl}/api/v1/policies`, token));
}

/** Share of the workflow's final decisions that a person reviewed (feedback's outcome summary). */
export async function reviewRate(config: UiConfig, token: string, workflow: string): Promise<number | undefined> {
  const summary = await orUndefined(
    callApi<{ total?: unknown; byOutcome?: Record<string, number> | null }>(
      `${config.feedbackUrl}/api/v1/outcomes/summary?workflow=${encodeURIComponent(workflow)}`,
      token,
    ),
  );
  if (typeof summary?.total !== 'number' || summary.total <= 0 || typeof summary.byOutcome !== 'object')
    return undefined;
  const reviewed = ['approved', 'corrected', 'rejected'].map((outcome) => summary.byOutcome?.[outcome] ?? 0);
  return reviewed.every(Number.isFinite) ? reviewed.reduce((a, b) => a + b, 0) / summary.total : undefined;
}

/** Measured accuracy of the AI on reviewed decisions, 0..1. PENDING: the feedback service's accuracy endpoint. */
export async function measuredAccuracy(config: UiConfig, token: string, workflow: string): Promise<number | undefined> {
  const url = `${config.feedbackUrl}/api/v1/accuracy?workflow=${encodeURIComponent(workflow)}`;
  return figure(await orUndefined(callApi<{ accuracy?: unknown }>(url, token)), 'accuracy');
}

/** Share of AI errors that oversight catches, 0..1. PENDING: the audit service's catch-rate endpoint. */
export async function catchRate(config: UiConfig, token: string, workflow: string): Promise<number | undefined> {
  const url = `${config.auditUrl}/api/v1/catch-rate?workflow=${encodeURIComponent(workflow)}`;
  return figure(await orUndefined(callApi<{ catchRate?: unknown }>(url, token)), 'catchRate');
}

function figure<K extends string>(body: Partial<Record<K, unknown>> | undefined, key: K): number | undefined {
  const value = body?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch {
    return undefined;
  }
}
