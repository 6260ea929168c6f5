import { callApi } from './http';
import { UiConfig } from './ui-config';

export interface BacktestInterval {
  estimate: number;
  lower: number;
  upper: number;
}

/** One point of feedback's backtest sweep, as far as the dashboard reads it. */
export interface BacktestPoint {
  policy: { threshold: number; sampleRate: number };
  judged: number;
  releasedJudged: number;
  enough: boolean;
  note?: string;
  reviewShare: BacktestInterval;
  releasedError: BacktestInterval;
}

/**
 * Feedback's backtest of thresholds 0.5–0.99 on a workflow's judged history (GET /api/v1/backtest/sweep); undefined
 * when the service does not answer it (not deployed, refused), so the dashboard never shows a made-up curve.
 */
export async function backtestSweep(
  config: UiConfig,
  token: string,
  workflow: string,
): Promise<BacktestPoint[] | undefined> {
  const url = `${config.feedbackUrl}/api/v1/backtest/sweep?workflow=${encodeURIComponent(workflow)}`;
  try {
    const points = await callApi<BacktestPoint[]>(url, token);
    return Array.isArray(points) ? points : undefined;
  } catch {
    return undefined;
  }
}
