import { BASELINE_SUFFIX } from './domain/comparison';
import {
  describeFigure,
  PlatformFigure,
  Recommendation,
  ReportEndpoints,
  runRecommendations,
  setFeedbackTarget,
} from './platform-reports';
import { simulatorToken } from './simulator-token';

/** What the Countersign arm of a comparison did with the feedback service's recommendations. */
export interface AppliedRecommendations {
  /** Opted in to auto-apply, or why not. */
  optedIn: PlatformFigure<true>;
  /** Every recommendation issued for the arm's workflows during the run, in order. */
  issued: Recommendation[];
}

/**
 * Opts the arm's workflows in to the feedback service's auto-apply at `maxErrorRate`, then has it recompute every
 * `everyMs` (its own schedule is a minute, longer than a demo), so recommendations reach the router's policy as they
 * come. `stop` ends the loop and tells what was issued.
 */
export async function applyRecommendationsAsTheyCome(
  endpoints: ReportEndpoints,
  workflows: string[],
  maxErrorRate: number,
  everyMs = 5_000,
): Promise<{ stop: () => Promise<AppliedRecommendations> }> {
  // A target above the default is a proposal (two-person rule): the simulator plays the second admin, under its name.
  const approverToken = await simulatorToken(['admin'], process.env, 'countersign-simulator-second-admin');
  let optedIn: PlatformFigure<true> = { available: true, value: true };
  for (const workflow of workflows) {
    const answer = await setFeedbackTarget(endpoints, workflow, { maxErrorRate, autoApply: true }, approverToken);
    if (!answer.available) optedIn = answer;
  }
  const issued: Recommendation[] = [];
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runRecommendations(endpoints).then((run) => {
      if (run.available) issued.push(...run.value.filter((r) => !r.workflow.endsWith(BASELINE_SUFFIX)));
    });
  };
  const timer = optedIn.available ? setInterval(tick, everyMs) : undefined;
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      return { optedIn, issued };
    },
  };
}

/** A short line for the comparison table, and the recommendations themselves to list under it. */
export function describeApplied(
  applied: AppliedRecommendations,
  maxErrorRate: number,
): { summary: string; details: string[] } {
  if (!applied.optedIn.available) {
    return { summary: 'none applied', details: [describeFigure(applied.optedIn, () => '')] };
  }
  const target = `target ${(maxErrorRate * 100).toFixed(1)}% released errors`;
  return {
    summary: `${applied.issued.length} auto-applied as they came (${target})`,
    details: applied.issued.map((r) => `${r.issuedAt.slice(11, 19)} ${r.workflow}: ${r.summary}`),
  };
}
