import { evidenceChars, FRESH_GUARD } from '@countersign/contracts/rubber-stamp-guard';
import { GuardMemory, guardedTurn } from './domain/guarded-turn';
import { leftForHuman } from './domain/human-share';
import { ReviewerProfile } from './domain/reviewer-profile';
import { SeededRandom } from '@countersign/statistics';
import { GroundTruth } from './domain/simulated-decision';
import { ClaimedTask, ReviewApi, ReviewApiError } from './review-client';
import { SimulatedVerdict } from './domain/judge-against-truth';

export interface ReviewerCounts {
  verdicts: number;
  /** Tasks handed back because they were not the simulator's to judge (a human's share, or not of this run). */
  handedBack: number;
  /** Verdicts the service no longer took (409: the task was finished or the lease lost meanwhile). */
  lost: number;
  retries: number;
}

export type Sleep = (ms: number) => Promise<void>;
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const IDLE_MS = 500;
const RETRY_MS = 500;
/** After meeting a task that is not ours at the queue's head, claim from the list this many times before `next`. */
const LIST_CLAIMS_AFTER_HAND_BACK = 20;

/**
 * A simulated reviewer working the queues through the public review API: claims the next task, takes its time,
 * judges it against the hidden ground truth and completes it. It never judges what it has no truth for, nor the
 * share left for a human: it hands such a task back and claims one of its own from the task list instead.
 */
export class SimulatedReviewer {
  readonly counts: ReviewerCounts = { verdicts: 0, handedBack: 0, lost: 0, retries: 0 };
  private readonly notMine = new Set<string>();
  private listClaims = 0;
  private memory: GuardMemory = { history: [], guard: FRESH_GUARD };

  constructor(
    readonly profile: ReviewerProfile,
    private readonly client: ReviewApi,
    private readonly truthOf: (decisionId: string) => GroundTruth | undefined,
    private readonly random: SeededRandom,
    private readonly humanShare = 0,
    private readonly pause: Sleep = sleep,
  ) {}

  async run(shouldStop: () => boolean): Promise<void> {
    while (!shouldStop()) {
      const claimed = await this.transient(() => this.claimOne());
      if (claimed === 'retry') continue;
      if (!claimed) {
        await this.pause(IDLE_MS);
        continue;
      }
      const [task, truth] = claimed;
      // The guard's memory is this reviewer's alone, as a browser tab's is (the web app also refreshes it from the API).
      const turn = guardedTurn(this.profile, truth, evidenceChars(task.decision.evidence), this.memory, this.random);
      this.memory = turn.memory;
      await this.pause(turn.timeOnTaskMs);
      await this.complete(task, turn.verdict, shouldStop);
    }
  }

  private mine(decisionId: string): GroundTruth | undefined {
    const truth = this.truthOf(decisionId);
    return truth && !leftForHuman(decisionId, this.humanShare) ? truth : undefined;
  }

  private async claimOne(): Promise<[ClaimedTask, GroundTruth] | undefined> {
    if (this.profile.role === 'lead') return this.claimFromList('escalated');
    if (this.listClaims > 0) {
      this.listClaims--;
      const listed = await this.claimFromList('open');
      if (listed) return listed;
    }
    const task = await this.client.next();
    if (!task) return undefined;
    const truth = this.mine(task.decisionId);
    if (truth) return [task, truth];
    this.notMine.add(task.id);
    this.counts.handedBack++;
    await this.client.release(task.id);
    this.listClaims = LIST_CLAIMS_AFTER_HAND_BACK;
    return this.claimFromList('open');
  }

  /**
   * Claims one of our tasks in `state` from the task list: what leads do with escalations, and what reviewers do when
   * the queue's head is not theirs.
   */
  private async claimFromList(state: 'open' | 'escalated'): Promise<[ClaimedTask, GroundTruth] | undefined> {
    const candidates = (await this.client.list(state)).filter(
      (item) => !this.notMine.has(item.id) && this.mine(item.decisionId),
    );
    // Several reviewers read the same page: start at a random place so they do not all race for its first task.
    const start = Math.floor(this.random.next() * candidates.length);
    for (let offset = 0; offset < Math.min(candidates.length, 5); offset++) {
      const candidate = candidates[(start + offset) % candidates.length];
      try {
        const task = await this.client.claim(candidate.id);
        return [task, this.mine(task.decisionId) as GroundTruth];
      } catch (error) {
        if (!(error instanceof ReviewApiError) || error.transient) throw error;
      }
    }
    return undefined;
  }

  private async complete(task: ClaimedTask, verdict: SimulatedVerdict, shouldStop: () => boolean): Promise<void> {
    // Retry through restarts: the lease survives in the review database, so the verdict is still ours to give.
    while (!shouldStop()) {
      const result = await this.transient(() => this.client.complete(task.id, verdict).then(() => 'done' as const));
      if (result === 'retry') continue;
      if (result === 'done') this.counts.verdicts++;
      return;
    }
  }

  /** Runs a call; a transient failure pauses and says 'retry', a 409 counts as lost, anything else is thrown. */
  private async transient<T>(call: () => Promise<T>): Promise<T | 'retry' | undefined> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ReviewApiError)) throw error;
      if (error.transient) {
        this.counts.retries++;
        await this.pause(RETRY_MS);
        return 'retry';
      }
      if (error.status === 409 || error.status === 404) {
        this.counts.lost++;
        return undefined;
      }
      throw error;
    }
  }
}
