import { SimulatedVerdict } from './domain/judge-against-truth';
import { ReviewerProfile } from './domain/reviewer-profile';
import { SeededRandom } from '@countersign/statistics';
import { GroundTruth } from './domain/simulated-decision';
import { ClaimedTask, ReviewApi, ReviewApiError } from './review-client';
import { SimulatedReviewer } from './simulated-reviewer';

/** The review API's queue in memory: enough of its behaviour to see what a simulated reviewer does with it. */
class FakeReviewApi implements ReviewApi {
  readonly open: ClaimedTask[] = [];
  readonly completed: Array<{ taskId: string; verdict: SimulatedVerdict }> = [];
  readonly released: string[] = [];
  failures: ReviewApiError[] = [];

  add(decisionId: string): void {
    this.open.push({
      id: `task-${decisionId}`,
      decisionId,
      workflow: 'lead-qualification',
      kind: 'review',
      decision: { output: {} },
    });
  }

  async next() {
    return this.open.shift();
  }

  async claim(taskId: string) {
    const index = this.open.findIndex((task) => task.id === taskId);
    if (index < 0) throw new ReviewApiError(409, 'taken');
    return this.open.splice(index, 1)[0];
  }

  async list() {
    return this.open.map(({ id, decisionId }) => ({ id, decisionId }));
  }

  async complete(taskId: string, verdict: SimulatedVerdict) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.completed.push({ taskId, verdict });
  }

  async release(taskId: string) {
    this.released.push(taskId);
    const task = this.open.find((t) => t.id === taskId) ?? { id: taskId, decisionId: taskId.slice(5) };
    this.open.unshift(task as ClaimedTask); // back at the head of the queue, as the real one does
  }
}

const profile: ReviewerProfile = {
  id: 'r-1',
  role: 'reviewer',
  accuracy: 1,
  secondsPerTask: 0,
  rubberStampShare: 0,
  reconsiderShare: 0,
};
const truth = (decisionId: string, modelCorrect = true): GroundTruth => ({
  decisionId,
  workflow: 'lead-qualification',
  modelVersion: '2026.1',
  confidence: 0.9,
  modelCorrect,
  trueOutput: { rank: 'A' },
});

async function work(api: FakeReviewApi, truths: GroundTruth[], rounds = 20) {
  const known = new Map(truths.map((t) => [t.decisionId, t]));
  const reviewer = new SimulatedReviewer(
    profile,
    api,
    (id) => known.get(id),
    new SeededRandom('r'),
    0,
    () => Promise.resolve(),
  );
  let round = 0;
  await reviewer.run(() => round++ >= rounds);
  return reviewer.counts;
}

describe('SimulatedReviewer', () => {
  it('completes each of its tasks once, judged against the truth', async () => {
    const api = new FakeReviewApi();
    api.add('d1');
    api.add('d2');
    const counts = await work(api, [truth('d1'), truth('d2', false)]);
    expect(api.completed).toEqual([
      { taskId: 'task-d1', verdict: { verdict: 'approve' } },
      { taskId: 'task-d2', verdict: { verdict: 'correct', correction: { rank: 'A' } } },
    ]);
    expect(counts.verdicts).toBe(2);
  });

  it('hands back a task it has no truth for, never judges it, and takes its own from the list', async () => {
    const api = new FakeReviewApi();
    api.add('someone-elses');
    api.add('d1');
    const counts = await work(api, [truth('d1')]);
    expect(api.completed.map((c) => c.taskId)).toEqual(['task-d1']);
    expect(api.released).toContain('task-someone-elses');
    expect(api.open.map((task) => task.decisionId)).toEqual(['someone-elses']);
    expect(counts.handedBack).toBeGreaterThanOrEqual(1);
  });

  it('retries a verdict through an outage, and gives up on one the service no longer takes', async () => {
    const api = new FakeReviewApi();
    api.add('d1');
    api.add('d2');
    api.failures = [
      new ReviewApiError(0, 'down'),
      new ReviewApiError(503, 'restarting'),
      new ReviewApiError(409, 'lost'),
    ];
    const counts = await work(api, [truth('d1'), truth('d2')]);
    // d1: two transient failures, then the 409 (its lease lost meanwhile): dropped. d2: completed.
    expect(api.completed.map((c) => c.taskId)).toEqual(['task-d2']);
    expect(counts).toMatchObject({ verdicts: 1, retries: 2, lost: 1 });
  });
});
