import { feedbackMetrics, ReportEndpoints, ReportScope } from './platform-reports';
import { sleep } from './simulated-reviewer';

/** What the feedback service must have counted before its figures describe the whole run. */
export interface ExpectedFeedback {
  /** Review tasks of the run completed (review.completed), audits included: one judgment each. */
  judgments: number;
  /** Decisions of each workflow released without review (decisions.final, outcome autonomous). */
  releasedByWorkflow: Map<string, number>;
}

/**
 * Waits until feedback has consumed every verdict and release of the run (it reads them from Kafka on its own time),
 * or `timeoutMs` is up. Says what it last saw, so a report read too early says so.
 */
export async function feedbackCaughtUp(
  endpoints: ReportEndpoints,
  scope: ReportScope,
  expected: ExpectedFeedback,
  timeoutMs = 60_000,
): Promise<{ caughtUp: boolean; judgments: number }> {
  const deadline = Date.now() + timeoutMs;
  let judgments = 0;
  for (;;) {
    const metrics = await feedbackMetrics(endpoints, scope);
    if (metrics.available) {
      const workflows = expected.releasedByWorkflow;
      judgments = metrics.value.models
        .filter((model) => workflows.has(String(model.workflow)))
        .reduce((sum, model) => sum + (typeof model.judged === 'number' ? model.judged : 0), 0);
      const released = new Map(metrics.value.catchRates.map((rate) => [String(rate.workflow), Number(rate.released)]));
      const releasesIn = [...workflows].every(
        ([workflow, count]) => count === 0 || (released.get(workflow) ?? 0) >= count,
      );
      if (judgments >= expected.judgments && releasesIn) return { caughtUp: true, judgments };
    } else if (Date.now() + 5_000 > deadline) {
      return { caughtUp: false, judgments };
    }
    if (Date.now() > deadline) return { caughtUp: false, judgments };
    await sleep(1_000);
  }
}
