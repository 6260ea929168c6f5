import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { nowMs } from './output-watch';
import { sleep } from './progress';

/** What one drain of a queue measured: operations completed, how long it took, and each operation's latency. */
export interface DrainRun {
  /** next + complete pairs that both succeeded. */
  pairs: number;
  elapsedMs: number;
  nextMs: number[];
  completeMs: number[];
  /** CPU milliseconds per pair: the whole machine's, and the measured process's (the service, or the raw loop). */
  cpuMsPerPair?: { machine?: number; process?: number };
  /** Answers other than 200 (next, complete) or 204 (next), by status: a healthy run has none. */
  failures: Record<string, number>;
}

export function newDrainRun(): DrainRun {
  return { pairs: 0, elapsedMs: 0, nextMs: [], completeMs: [], failures: {} };
}

export function pairsPerSecond(run: DrainRun): number {
  return run.elapsedMs > 0 ? (run.pairs * 1000) / run.elapsedMs : 0;
}

/**
 * `reviewers` concurrent clients of the review API, each a loop of `POST /tasks/next?workflow=` then `POST
 * /tasks/:id/complete {verdict: approve}` until the queue answers 204: what a team working one queue does to the
 * service, without think time.
 */
export async function drainThroughApi(
  baseUrl: string,
  workflow: string,
  reviewers: number,
  pace?: { pairsPerSecond: number },
): Promise<DrainRun> {
  // Paced: each reviewer starts a pair every reviewers/rate seconds (jittered), like people who read before they
  // decide; unpaced: back to back, the most the service can take.
  const intervalMs = pace ? (reviewers * 1000) / pace.pairsPerSecond : 0;
  const tokens = await Promise.all(
    Array.from({ length: reviewers }, (_, index) =>
      mintDevelopmentToken({ sub: `bench-reviewer-${index}`, workflows: [workflow] }, DEVELOPMENT_HS256_SECRET),
    ),
  );
  const run = newDrainRun();
  const fail = (what: string) => (run.failures[what] = (run.failures[what] ?? 0) + 1);

  async function post(
    token: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: { id?: string } | null; ms: number }> {
    const started = nowMs();
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, ms: nowMs() - started };
  }

  async function reviewer(token: string): Promise<void> {
    if (intervalMs) await sleep(Math.random() * intervalMs);
    for (;;) {
      const pairStarted = nowMs();
      const next = await post(token, `/tasks/next?workflow=${encodeURIComponent(workflow)}`);
      if (next.status === 204) return;
      run.nextMs.push(next.ms);
      if (next.status !== 200) {
        fail(`next ${next.status}`);
        return;
      }
      const done = await post(token, `/tasks/${next.body?.id}/complete`, { verdict: 'approve' });
      run.completeMs.push(done.ms);
      if (done.status === 200) run.pairs += 1;
      else fail(`complete ${done.status}`);
      const rest = intervalMs * (0.5 + Math.random()) - (nowMs() - pairStarted);
      if (rest > 0) await sleep(rest);
    }
  }

  const started = nowMs();
  await Promise.all(tokens.map((token) => reviewer(token)));
  run.elapsedMs = nowMs() - started;
  return run;
}
