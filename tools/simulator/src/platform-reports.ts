/**
 * Everything the simulator asks of the feedback (#6) and audit (#7) services, in one place. Those APIs are being
 * built while this is written: each figure has one function and one path below, and answers "not available" (with
 * why) when the endpoint is missing or the service is down, so the demo and the drill still run and say so.
 * Wire the real paths and response shapes here when they land; nothing else needs to change.
 */

/** Paths as guessed before the services exist. TODO(#6, #7): replace with the real ones. */
export const REPORT_PATHS = {
  accuracy: (workflow: string) => `/api/v1/workflows/${encodeURIComponent(workflow)}/accuracy`,
  catchRate: (workflow: string) => `/api/v1/workflows/${encodeURIComponent(workflow)}/catch-rate`,
  recommendations: '/api/v1/recommendations',
  auditChainVerify: '/api/v1/audit/chain/verify',
};

export type PlatformFigure<T> = { available: true; value: T } | { available: false; reason: string };

/** A share measured by the platform, with its interval. */
export interface MeasuredShare {
  value: number;
  low: number;
  high: number;
  n?: number;
}

export interface Recommendation {
  workflow: string;
  summary: string;
}

export interface ChainVerification {
  valid: boolean;
  entries: number;
}

export interface ReportEndpoints {
  feedbackUrl: string;
  auditUrl: string;
  /** Bearer token for services that want one (a lead's, e.g.). */
  token?: string;
}

async function fetchFigure<T>(
  url: string,
  token: string | undefined,
  read: (body: unknown) => T | undefined,
): Promise<PlatformFigure<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    return { available: false, reason: `not reachable (${(error as Error).message})` };
  }
  if (response.status === 404) return { available: false, reason: `not available yet (404 at ${url})` };
  if (!response.ok) return { available: false, reason: `answered ${response.status} at ${url}` };
  const value = read(await response.json().catch(() => undefined));
  return value === undefined
    ? { available: false, reason: `unexpected answer from ${url}` }
    : { available: true, value };
}

function readShare(body: unknown): MeasuredShare | undefined {
  const share = body as Partial<MeasuredShare> | undefined;
  const numbers = [share?.value, share?.low, share?.high];
  return numbers.every((n) => typeof n === 'number') ? (share as MeasuredShare) : undefined;
}

/** The accuracy the feedback service measures for a workflow, with its interval. */
export function measuredAccuracy(endpoints: ReportEndpoints, workflow: string): Promise<PlatformFigure<MeasuredShare>> {
  return fetchFigure(`${endpoints.feedbackUrl}${REPORT_PATHS.accuracy(workflow)}`, endpoints.token, readShare);
}

/** The share of wrong AI outputs that review caught, as the feedback service measures it, with its interval. */
export function measuredCatchRate(
  endpoints: ReportEndpoints,
  workflow: string,
): Promise<PlatformFigure<MeasuredShare>> {
  return fetchFigure(`${endpoints.feedbackUrl}${REPORT_PATHS.catchRate(workflow)}`, endpoints.token, readShare);
}

/** Policy recommendations the feedback service issued. */
export function issuedRecommendations(endpoints: ReportEndpoints): Promise<PlatformFigure<Recommendation[]>> {
  return fetchFigure(`${endpoints.feedbackUrl}${REPORT_PATHS.recommendations}`, endpoints.token, (body) =>
    Array.isArray(body) ? (body as Recommendation[]) : undefined,
  );
}

/** Whether the audit service's hash chain verifies end to end. */
export function auditChainVerification(endpoints: ReportEndpoints): Promise<PlatformFigure<ChainVerification>> {
  return fetchFigure(`${endpoints.auditUrl}${REPORT_PATHS.auditChainVerify}`, endpoints.token, (body) => {
    const answer = body as Partial<ChainVerification> | undefined;
    return typeof answer?.valid === 'boolean' ? (answer as ChainVerification) : undefined;
  });
}

export function describeFigure<T>(figure: PlatformFigure<T>, show: (value: T) => string): string {
  return figure.available ? show(figure.value) : `not available: ${figure.reason}`;
}
