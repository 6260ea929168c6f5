import { callApi } from './http';
import { UiConfig } from './ui-config';

/**
 * The dashboard's figures that live in other services, one function per figure. Each gives `undefined` when its
 * service does not answer it (not deployed, endpoint not there yet, 404, refused, or no data): the dashboard then
 * says "no data yet" and never shows a made-up number.
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

/** What the feedback service's `GET /api/v1/metrics?workflow=` answers, as far as the dashboard reads it. */
interface FeedbackMetrics {
  models?: Array<{ modelVersion?: unknown; basis?: unknown; accuracy?: { estimate?: unknown; trials?: unknown } }>;
  catchRates?: Array<{ workflow?: unknown; estimate?: unknown }>;
}

function feedbackMetrics(config: UiConfig, token: string, workflow: string): Promise<FeedbackMetrics | undefined> {
  const url = `${config.feedbackUrl}/api/v1/metrics?workflow=${encodeURIComponent(workflow)}`;
  return orUndefined(callApi<FeedbackMetrics>(url, token));
}

/**
 * Measured accuracy of the AI, 0..1, from the feedback service's unbiased samples: of the model version with the most
 * samples (the one in production, as a rule). Undefined while no version has any.
 */
export async function measuredAccuracy(config: UiConfig, token: string, workflow: string): Promise<number | undefined> {
  const models = (await feedbackMetrics(config, token, workflow))?.models;
  if (!Array.isArray(models)) return undefined;
  const sampled = models
    .map((model) => model.accuracy)
    .filter((accuracy) => isFraction(accuracy?.estimate) && typeof accuracy?.trials === 'number' && accuracy.trials > 0)
    .sort((a, b) => Number(b?.trials) - Number(a?.trials));
  return sampled.length ? (sampled[0]?.estimate as number) : undefined;
}

/** Share of the AI's errors that oversight catches before release, 0..1, from the feedback service. */
export async function catchRate(config: UiConfig, token: string, workflow: string): Promise<number | undefined> {
  const rates = (await feedbackMetrics(config, token, workflow))?.catchRates;
  if (!Array.isArray(rates)) return undefined;
  const estimate = rates.find((rate) => rate.workflow === workflow)?.estimate;
  return isFraction(estimate) ? estimate : undefined;
}

function isFraction(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch {
    return undefined;
  }
}
