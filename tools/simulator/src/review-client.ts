import { JsonObject } from '@countersign/contracts';
import { SimulatedVerdict } from './domain/judge-against-truth';

/** What the simulator reads of a task from the review API (the detail view of POST /tasks/next). */
export interface ClaimedTask {
  id: string;
  decisionId: string;
  workflow: string;
  kind: string;
  decision: { output: JsonObject; evidence?: unknown };
}

/** The review API answered with an error status, or could not be reached at all (status 0). */
export class ReviewApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /** Worth trying again: the service is down or restarting, or asks us to slow down. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** What a simulated reviewer uses of the review API. */
export type ReviewApi = Pick<ReviewClient, 'next' | 'claim' | 'list' | 'complete' | 'release'>;

/** The public reviewer API of the review service, as one bearer token sees it. */
export class ReviewClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Claims the next task this reviewer may take; undefined when there is none. */
  async next(): Promise<ClaimedTask | undefined> {
    const response = await this.call('POST', '/api/v1/tasks/next');
    if (response.status === 204) return undefined;
    return (await response.json()) as ClaimedTask;
  }

  /** Claims one task by id (409 when someone else was quicker). */
  async claim(taskId: string): Promise<ClaimedTask> {
    return (await (await this.call('POST', `/api/v1/tasks/${taskId}/claim`)).json()) as ClaimedTask;
  }

  /** Tasks waiting in `state`, oldest first (one page). */
  async list(state: 'open' | 'escalated', limit = 200): Promise<Array<{ id: string; decisionId: string }>> {
    const response = await this.call('GET', `/api/v1/tasks?state=${state}&limit=${limit}`);
    return ((await response.json()) as { items: Array<{ id: string; decisionId: string }> }).items;
  }

  async complete(taskId: string, verdict: SimulatedVerdict): Promise<void> {
    await this.call('POST', `/api/v1/tasks/${taskId}/complete`, verdict);
  }

  async release(taskId: string): Promise<void> {
    await this.call('POST', `/api/v1/tasks/${taskId}/release`);
  }

  /** Open, claimed and escalated tasks over every workflow this reviewer may see. */
  async waiting(): Promise<number> {
    const response = await this.call('GET', '/api/v1/queues');
    const queues = (await response.json()) as Array<{ open?: number; claimed?: number; escalated?: number }>;
    return queues.reduce((sum, queue) => sum + (queue.open ?? 0) + (queue.claimed ?? 0) + (queue.escalated ?? 0), 0);
  }

  private async call(method: string, path: string, body?: object): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body && { 'content-type': 'application/json' }) },
        body: body && JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new ReviewApiError(0, `review service unreachable at ${this.baseUrl}: ${(error as Error).message}`);
    }
    if (response.status >= 400) {
      const text = await response.text().catch(() => '');
      throw new ReviewApiError(response.status, `${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return response;
  }
}
