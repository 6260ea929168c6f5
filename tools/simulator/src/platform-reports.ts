/**
 * Everything the simulator asks of the feedback (#6) and audit (#7) services, in one place. Each figure answers
 * "not available" with the reason (service down, refused, nothing sampled yet) instead of failing, so the demo and the
 * drill still run and say why a figure is missing.
 */
import { simulatorToken } from './simulator-token';

export const REPORT_PATHS = {
  /** Feedback: accuracy per workflow × model version and catch rate per workflow (reviewer). */
  metrics: '/api/v1/metrics',
  /** Feedback: the latest recommendation of each kind per workflow (lead). */
  recommendations: '/api/v1/recommendations',
  /** Feedback: recompute now, applying those of workflows that opted in (admin). */
  runRecommendations: '/api/v1/recommendations/run',
  /** Feedback: a workflow's target error rate and whether its recommendations are applied (admin). */
  target: (workflow: string) => `/api/v1/targets/${encodeURIComponent(workflow)}`,
  /** Audit: walk every hash chain (lead). */
  trailVerify: '/api/v1/trail/verify',
};

export type PlatformFigure<T> = { available: true; value: T } | { available: false; reason: string };

/** A share measured by the platform, with its 95% interval. */
export interface MeasuredShare {
  value: number;
  low: number;
  high: number;
  n?: number;
}

/** Which unbiased samples an accuracy stands on: random samples (all decisions) or audits (released ones only). */
export type AccuracyBasis = 'random_samples' | 'audit_samples';

export interface ModelAccuracy {
  modelVersion: string;
  basis: AccuracyBasis;
  /** n: the samples it stands on. */
  accuracy: MeasuredShare;
}

export interface MeasuredCatchRate extends MeasuredShare {
  caught: number;
  released: number;
  audited: number;
  auditErrors: number;
}

export interface Recommendation {
  workflow: string;
  modelVersion?: string;
  kind: string;
  current: number;
  recommended: number;
  issuedAt: string;
  summary: string;
}

export interface ChainVerification {
  valid: boolean;
  entries: number;
  chains: number;
  /** The first broken record, when the trail does not verify. */
  broken?: string;
}

export interface ReportEndpoints {
  feedbackUrl: string;
  auditUrl: string;
  /** Bearer token with the roles the figures need (reviewer, lead; admin to recompute or set targets). */
  token?: string;
}

/** Which judgments and releases a figure is about: by default all in the feedback service's window. */
export interface ReportScope {
  from?: string;
  to?: string;
}

/** The endpoints with the simulator's own token (reviewer, lead and admin, all workflows) where AUTH_MODE=hs256. */
export async function reportEndpoints(
  feedbackUrl: string,
  auditUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReportEndpoints> {
  return { feedbackUrl, auditUrl, token: await simulatorToken(['reviewer', 'lead', 'admin'], env) };
}

export async function fetchFigure<T>(
  url: string,
  token: string | undefined,
  read: (body: unknown) => T | undefined,
  init: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<PlatformFigure<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return { available: false, reason: `not reachable (${(error as Error).message}) at ${url}` };
  }
  if (response.status === 401 || response.status === 403) {
    const hint = token
      ? 'the simulator token lacks a role'
      : 'no token: the simulator mints one only in AUTH_MODE=hs256';
    return { available: false, reason: `refused (${response.status}) at ${url}: ${hint}` };
  }
  if (response.status === 404) return { available: false, reason: `not there (404 at ${url})` };
  if (!response.ok) return { available: false, reason: `answered ${response.status} at ${url}` };
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const value = read(body);
  return value === undefined
    ? { available: false, reason: `unexpected answer from ${url}` }
    : { available: true, value };
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** The feedback service's metrics answer, as far as the simulator reads it; undefined when it is not that shape. */
export interface FeedbackMetrics {
  models: Array<Record<string, unknown>>;
  catchRates: Array<Record<string, unknown>>;
}

export function readFeedbackMetrics(body: unknown): FeedbackMetrics | undefined {
  const { models, catchRates } = record(body);
  if (!Array.isArray(models) || !Array.isArray(catchRates)) return undefined;
  return { models: models.map(record), catchRates: catchRates.map(record) };
}

/** GET /api/v1/metrics over `scope`, every workflow at once. */
export function feedbackMetrics(
  endpoints: ReportEndpoints,
  scope: ReportScope = {},
): Promise<PlatformFigure<FeedbackMetrics>> {
  const query = new URLSearchParams(Object.entries(scope).filter(([, value]) => value !== undefined));
  const url = `${endpoints.feedbackUrl}${REPORT_PATHS.metrics}${query.size ? `?${query}` : ''}`;
  return fetchFigure(url, endpoints.token, readFeedbackMetrics);
}

/** A workflow's accuracy per model version from the metrics: only versions with unbiased samples have one. */
export function accuracyOf(metrics: FeedbackMetrics, workflow: string): PlatformFigure<ModelAccuracy[]> {
  const versions: ModelAccuracy[] = [];
  for (const model of metrics.models.filter((m) => m.workflow === workflow)) {
    const { estimate, lower, upper, trials } = record(model.accuracy);
    const basis = model.basis;
    if (basis !== 'random_samples' && basis !== 'audit_samples') continue;
    if (!isNumber(estimate) || !isNumber(lower) || !isNumber(upper) || !isNumber(trials)) continue;
    versions.push({
      modelVersion: String(model.modelVersion),
      basis,
      accuracy: { value: estimate, low: lower, high: upper, n: trials },
    });
  }
  return versions.length > 0
    ? { available: true, value: versions }
    : { available: false, reason: `no unbiased samples (random or audit) of ${workflow} judged yet` };
}

/** A workflow's catch rate from the metrics: absent until review caught an error or audits estimate escaped ones. */
export function catchRateOf(metrics: FeedbackMetrics, workflow: string): PlatformFigure<MeasuredCatchRate> {
  const rate = metrics.catchRates.find((r) => r.workflow === workflow);
  if (!rate) return { available: false, reason: `no judgments or releases of ${workflow} yet` };
  const { estimate, lower, upper, caught, released } = rate;
  const audits = record(rate.auditedErrorRate);
  const audited = isNumber(audits.trials) ? audits.trials : 0;
  if (!isNumber(lower) || !isNumber(upper) || !isNumber(caught) || !isNumber(released)) {
    return { available: false, reason: 'unexpected catch rate shape from feedback' };
  }
  if (!isNumber(estimate)) {
    return {
      available: false,
      reason: `no errors caught and none estimated to escape yet (${released} released, ${audited} audited)`,
    };
  }
  const auditErrors = isNumber(audits.successes) ? audits.successes : 0;
  return {
    available: true,
    value: { value: estimate, low: lower, high: upper, caught, released, audited, auditErrors },
  };
}

/** One figure out of another, or the reason the first is not available. */
export function picked<T, U>(figure: PlatformFigure<T>, pick: (value: T) => PlatformFigure<U>): PlatformFigure<U> {
  return figure.available ? pick(figure.value) : figure;
}

/** The accuracy the feedback service measures for a workflow, per model version, with its interval. */
export async function measuredAccuracy(
  endpoints: ReportEndpoints,
  workflow: string,
  scope: ReportScope = {},
): Promise<PlatformFigure<ModelAccuracy[]>> {
  return picked(await feedbackMetrics(endpoints, scope), (metrics) => accuracyOf(metrics, workflow));
}

/** The share of wrong AI outputs that review caught, as the feedback service measures it, with its interval. */
export async function measuredCatchRate(
  endpoints: ReportEndpoints,
  workflow: string,
  scope: ReportScope = {},
): Promise<PlatformFigure<MeasuredCatchRate>> {
  return picked(await feedbackMetrics(endpoints, scope), (metrics) => catchRateOf(metrics, workflow));
}

export function readRecommendations(body: unknown): Recommendation[] | undefined {
  if (!Array.isArray(body)) return undefined;
  const list: Recommendation[] = [];
  for (const item of body.map(record)) {
    const { workflow, modelVersion, kind, current, recommended, issuedAt } = item;
    if (typeof workflow !== 'string' || typeof kind !== 'string' || !isNumber(current) || !isNumber(recommended)) {
      return undefined;
    }
    const version = typeof modelVersion === 'string' ? modelVersion : undefined;
    list.push({
      workflow,
      ...(version === undefined ? {} : { modelVersion: version }),
      kind,
      current,
      recommended,
      issuedAt: String(issuedAt ?? ''),
      summary: `${kind.replace('_', ' ')} ${current} → ${recommended}${version ? ` (model ${version})` : ''}`,
    });
  }
  return list;
}

/** The latest recommendation of each kind per workflow the feedback service issued. */
export function issuedRecommendations(endpoints: ReportEndpoints): Promise<PlatformFigure<Recommendation[]>> {
  return fetchFigure(`${endpoints.feedbackUrl}${REPORT_PATHS.recommendations}`, endpoints.token, readRecommendations);
}

/** Has the feedback service recompute now (and apply those of workflows that opted in); what it issued. */
export function runRecommendations(endpoints: ReportEndpoints): Promise<PlatformFigure<Recommendation[]>> {
  const url = `${endpoints.feedbackUrl}${REPORT_PATHS.runRecommendations}`;
  return fetchFigure(url, endpoints.token, readRecommendations, { method: 'POST' });
}

/**
 * Sets a workflow's target error rate of released decisions, and whether feedback applies its recommendations. A
 * target above the one in force is a proposal under the two-person rule (ADR 0006): the simulator drives a local
 * development platform and approves it as `approverToken`'s admin, as it does for router policies.
 */
export async function setFeedbackTarget(
  endpoints: ReportEndpoints,
  workflow: string,
  target: { maxErrorRate: number; autoApply: boolean },
  approverToken?: string,
): Promise<PlatformFigure<true>> {
  const url = `${endpoints.feedbackUrl}${REPORT_PATHS.target(workflow)}`;
  const put = await fetchFigure(url, endpoints.token, (body) => ({ proposalId: record(body).id }), {
    method: 'PUT',
    body: target,
  });
  if (!put.available) return put;
  const { proposalId } = put.value;
  if (typeof proposalId !== 'string') return { available: true, value: true };
  if (!approverToken) {
    return { available: false, reason: `the target for ${workflow} waits for a second admin (proposal ${proposalId})` };
  }
  const approve = `${url}/proposals/${encodeURIComponent(proposalId)}/approve`;
  return fetchFigure(approve, approverToken, () => true as const, { method: 'POST' });
}

export function readChainVerification(body: unknown): ChainVerification | undefined {
  const { ok, chains, recordsChecked, broken } = record(body);
  if (typeof ok !== 'boolean' || !isNumber(chains) || !isNumber(recordsChecked)) return undefined;
  const first = record(broken);
  return {
    valid: ok,
    entries: recordsChecked,
    chains,
    ...(ok ? {} : { broken: `chain ${first.chain} seq ${first.seq}: ${first.problem}` }),
  };
}

/**
 * Whether the audit service's hash chains verify end to end. It rehashes the whole trail, which grows with every seed
 * of a drill (tens of thousands of records each; the drill's 10 s gave up on the second seed under load): ten minutes.
 */
export function auditChainVerification(endpoints: ReportEndpoints): Promise<PlatformFigure<ChainVerification>> {
  return fetchFigure(`${endpoints.auditUrl}${REPORT_PATHS.trailVerify}`, endpoints.token, readChainVerification, {
    timeoutMs: 600_000,
  });
}

export function describeFigure<T>(figure: PlatformFigure<T>, show: (value: T) => string): string {
  return figure.available ? show(figure.value) : `not available: ${figure.reason}`;
}
