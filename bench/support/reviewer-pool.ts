import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Agent, request } from 'node:http';
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
  baseUrls: string[],
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

  // node:http with kept-alive connections, one per reviewer: the load generator should cost the machine as little as
  // the raw loop's pg client does, or the comparison measures the client (global fetch cost ~1 ms of CPU per pair).
  // With several replicas, reviewer i talks to replica i mod n, as a round-robin load balancer would spread them.
  const targets = baseUrls.map((baseUrl) => ({
    url: new URL(baseUrl),
    agent: new Agent({ keepAlive: true, maxSockets: reviewers }),
  }));

  function post(
    target: (typeof targets)[number],
    token: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: { id?: string } | null; ms: number }> {
    const started = nowMs();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: target.agent,
          host: target.url.hostname,
          port: target.url.port,
          method: 'POST',
          path: `/api/v1${path}`,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload === undefined
              ? { 'content-length': 0 }
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({
                status: response.statusCode ?? 0,
                body: text ? JSON.parse(text) : null,
                ms: nowMs() - started,
              });
            } catch {
              reject(
                new Error(
                  `${path} answered ${response.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`,
                ),
              );
            }
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  async function reviewer(token: string, target: (typeof targets)[number]): Promise<void> {
    if (intervalMs) await sleep(Math.random() * intervalMs);
    for (;;) {
      const pairStarted = nowMs();
      const next = await post(target, token, `/tasks/next?workflow=${encodeURIComponent(workflow)}`);
      if (next.status === 204) return;
      run.nextMs.push(next.ms);
      if (next.status !== 200) {
        fail(`next ${next.status}`);
        return;
      }
      const done = await post(target, token, `/tasks/${next.body?.id}/complete`, { verdict: 'approve' });
      run.completeMs.push(done.ms);
      if (done.status === 200) run.pairs += 1;
      else fail(`complete ${done.status}`);
      const rest = intervalMs * (0.5 + Math.random()) - (nowMs() - pairStarted);
      if (rest > 0) await sleep(rest);
    }
  }

  const started = nowMs();
  try {
    await Promise.all(tokens.map((token, index) => reviewer(token, targets[index % targets.length])));
  } finally {
    for (const target of targets) target.agent.destroy();
  }
  run.elapsedMs = nowMs() - started;
  return run;
}
