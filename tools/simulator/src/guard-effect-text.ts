import { GroundTruth } from './domain/simulated-decision';
import { fetchFigure, PlatformFigure, ReportEndpoints, ReportScope } from './platform-reports';

/** One side of the rubber-stamp prompt, as feedback's GET /api/v1/reviewers/guard-effect answers it. */
export interface GuardArmFigure {
  verdicts: number;
  approveRate: RateFigure;
  goldAgreement: RateFigure;
}

export interface RateFigure {
  successes: number;
  trials: number;
  estimate: number | null;
  lower: number;
  upper: number;
}

export interface GuardEffectFigure {
  workflow: string;
  prompted: GuardArmFigure;
  reconsidered: number;
  notPrompted: GuardArmFigure;
}

const isRate = (value: unknown): value is RateFigure =>
  typeof value === 'object' && value !== null && typeof (value as RateFigure).trials === 'number';
const isArm = (value: unknown): value is GuardArmFigure =>
  typeof value === 'object' &&
  value !== null &&
  isRate((value as GuardArmFigure).approveRate) &&
  isRate((value as GuardArmFigure).goldAgreement);

/** The guard-effect answer, as far as the report reads it; undefined when it is not that shape. */
export function readGuardEffect(body: unknown): GuardEffectFigure | undefined {
  const value = body as GuardEffectFigure | undefined;
  if (!value || typeof value.workflow !== 'string' || !isArm(value.prompted) || !isArm(value.notPrompted)) {
    return undefined;
  }
  return value;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** "93.0% [90.1–95.1] n=512", or "– n=0" when nothing was measured. */
export function rateText(rate: RateFigure): string {
  if (rate.estimate === null) return `– n=${rate.trials}`;
  return `${percent(rate.estimate)} [${percent(rate.lower)}–${percent(rate.upper)}] n=${rate.trials}`;
}

/** The report's table of the prompt's effect on one workflow, with the simulation's assumption beside it. */
export function guardEffectText(figure: PlatformFigure<GuardEffectFigure>, reconsiderShare: number): string[] {
  if (!figure.available) return [`  rubber-stamp guard: ${figure.reason}`];
  const { prompted, notPrompted, reconsidered } = figure.value;
  return [
    `  rubber-stamp guard (feedback, 95% Wilson; assumption: a prompted rubber-stamper reconsiders with p=${reconsiderShare}):`,
    `    prompt shown     approve ${rateText(prompted.approveRate)}  gold agreement ${rateText(prompted.goldAgreement)}  (${reconsidered} of ${prompted.verdicts} reconsidered)`,
    `    no prompt        approve ${rateText(notPrompted.approveRate)}  gold agreement ${rateText(notPrompted.goldAgreement)}`,
  ];
}

/** Feedback's measure of the prompt's effect on one workflow since the run began (lead). */
export function guardEffectOf(
  endpoints: ReportEndpoints,
  workflow: string,
  scope: ReportScope,
): Promise<PlatformFigure<GuardEffectFigure>> {
  const query = new URLSearchParams({ workflow, ...(scope.from ? { from: scope.from } : {}) });
  return fetchFigure(
    `${endpoints.feedbackUrl}/api/v1/reviewers/guard-effect?${query}`,
    endpoints.token,
    readGuardEffect,
  );
}

/**
 * Records the hidden truth of each judged decision as its gold answer (PUT /api/v1/gold, lead), so that feedback's gold
 * agreement is agreement with the truth. In the simulation every decision's answer is known; a real deployment seeds
 * only a few gold tasks. Returns how many were recorded.
 */
export async function recordTruthAsGold(endpoints: ReportEndpoints, truths: readonly GroundTruth[]): Promise<number> {
  let recorded = 0;
  for (const truth of truths) {
    const body = truth.modelCorrect
      ? { workflow: truth.workflow, verdict: 'approve' }
      : { workflow: truth.workflow, verdict: 'correct', finalOutput: truth.trueOutput };
    const url = `${endpoints.feedbackUrl}/api/v1/gold/${encodeURIComponent(truth.decisionId)}`;
    const answer = await fetchFigure(url, endpoints.token, () => true, { method: 'PUT', body });
    if (answer.available) recorded++;
  }
  return recorded;
}
