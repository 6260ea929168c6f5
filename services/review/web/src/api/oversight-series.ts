import { callApi } from './http';
import { UiConfig } from './ui-config';

/** A share with its 95% interval, as feedback and audit answer it. */
export interface Proportion {
  successes: number;
  trials: number;
  estimate: number | null;
  lower: number;
  upper: number;
}

export interface OversightWeek {
  weekStart: string;
  decisions: number;
  reviewed: number;
  reviewShare: number | null;
  expired: number;
  withdrawn: number;
  releasedError: Proportion;
  budget: 'within' | 'over' | 'undetermined' | 'no-budget';
  catchRate: { estimate: number | null; lower: number; upper: number; caught: number; released: number };
  smallSample: boolean;
}

export interface ReviewerQuality {
  reviewer: string;
  judgments: number;
  approveRate: Proportion;
  peerAgreement: Proportion;
  goldAgreement: Proportion;
  medianTimeOnTaskMs: number | null;
  rubberStampSuspected: boolean;
}

export interface CalibrationCurve {
  modelVersion: string;
  samples: number;
  expectedCalibrationError: number | null;
  buckets: Array<{ from: number; to: number; meanConfidence: number | null; accuracy: Proportion }>;
}

/** Feedback's GET /api/v1/oversight/:workflow. */
export interface OversightSeries {
  workflow: string;
  from: string;
  to: string;
  maxErrorRate: number | null;
  smallSample: number;
  weeks: OversightWeek[];
  calibration: CalibrationCurve[];
  reviewers: ReviewerQuality[];
}

/** A policy version from the router's history (newest first there). */
export interface PolicyVersion {
  version: number;
  changedAt: string;
  changedBy: string;
  reason: string;
  policy: { trustLevel: number; threshold: number };
}

export function oversightSeries(config: UiConfig, token: string, workflow: string, weeks = 12) {
  return callApi<OversightSeries>(
    `${config.feedbackUrl}/api/v1/oversight/${encodeURIComponent(workflow)}?weeks=${weeks}`,
    token,
  );
}

export function policyHistory(config: UiConfig, token: string, workflow: string) {
  return callApi<PolicyVersion[]>(`${config.routerUrl}/api/v1/policies/${encodeURIComponent(workflow)}/history`, token);
}

/** SLA breaches of one week, from audit's report of that week; undefined when audit does not answer. */
export async function slaBreaches(config: UiConfig, token: string, workflow: string, from: string, to: string) {
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  try {
    const report = await callApi<{ slaBreaches?: unknown }>(
      `${config.auditUrl}/api/v1/reports/${encodeURIComponent(workflow)}?${query}`,
      token,
    );
    return typeof report.slaBreaches === 'number' ? report.slaBreaches : undefined;
  } catch {
    return undefined;
  }
}

/** The signed evidence pack as a file to save: the bearer token rules out a plain link. */
export async function evidencePack(config: UiConfig, token: string, workflow: string, from: string, to: string) {
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const pack = await callApi<{ manifest: { from: string } }>(
    `${config.auditUrl}/api/v1/evidence-packs/${encodeURIComponent(workflow)}?${query}`,
    token,
  );
  return {
    name: `evidence-${workflow}-${pack.manifest.from.slice(0, 10)}.json`,
    blob: new Blob([JSON.stringify(pack)], { type: 'application/json' }),
  };
}
