import { authSettingsFromVariables, mintDevelopmentToken } from '@countersign/auth/core';
import { ReviewerProfile } from './domain/reviewer-profile';
import { SeededRandom } from '@countersign/statistics';
import { GroundTruth } from './domain/simulated-decision';
import { ReviewClient } from './review-client';
import { ReviewerCounts, SimulatedReviewer } from './simulated-reviewer';

export interface ReviewerTeamOptions {
  reviewUrl: string;
  team: ReviewerProfile[];
  truthOf: (decisionId: string) => GroundTruth | undefined;
  seed: string;
  /** Share of this run's decisions left for a human in the UI. */
  humanShare: number;
  /** Where the bearer tokens' secret, issuer and audience come from (AUTH_* like the services). */
  env?: NodeJS.ProcessEnv;
  /** The workflows the team works (its tokens' claim); every workflow when absent. */
  workflows?: string[];
}

/** Simulated reviewers at work until stopped; their counts added up. */
export class RunningReviewers {
  private stopped = false;
  /** Resolves once every reviewer has stopped; rejects with the first error a reviewer could not handle. */
  readonly finished: Promise<void>;

  constructor(private readonly reviewers: SimulatedReviewer[]) {
    this.finished = Promise.all(reviewers.map((reviewer) => reviewer.run(() => this.stopped))).then(() => undefined);
  }

  get counts(): ReviewerCounts {
    const total: ReviewerCounts = { verdicts: 0, handedBack: 0, lost: 0, retries: 0 };
    for (const { counts } of this.reviewers) {
      for (const key of Object.keys(total) as Array<keyof ReviewerCounts>) total[key] += counts[key];
    }
    return total;
  }

  /** Resolves when every reviewer has finished the task in hand. */
  async stop(): Promise<ReviewerCounts> {
    this.stopped = true;
    await this.finished;
    return this.counts;
  }
}

/** Mints a development token per reviewer (role reviewer or lead, every workflow unless told) and sets the team to work. */
export async function startReviewers(options: ReviewerTeamOptions): Promise<RunningReviewers> {
  const settings = authSettingsFromVariables(options.env ?? process.env);
  if (settings.mode !== 'hs256') throw new Error('simulated reviewers need AUTH_MODE=hs256 (development tokens)');
  const random = new SeededRandom(`${options.seed}/reviewers`);
  const reviewers = await Promise.all(
    options.team.map(async (profile) => {
      const token = await mintDevelopmentToken(
        { sub: profile.id, roles: [profile.role], workflows: options.workflows ?? ['*'], ttlSeconds: 24 * 3600 },
        settings.secret,
        { issuer: settings.issuer, audience: settings.audience },
      );
      return new SimulatedReviewer(
        profile,
        new ReviewClient(options.reviewUrl, token),
        options.truthOf,
        random.fork(profile.id),
        options.humanShare,
      );
    }),
  );
  return new RunningReviewers(reviewers);
}
