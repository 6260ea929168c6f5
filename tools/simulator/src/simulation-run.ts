import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DecisionProducer } from './decision-producer';
import { decisionStream, StreamSettings } from './domain/decision-stream';
import { leftForHuman } from './domain/human-share';
import { Calibration } from './domain/model-behaviour';
import { reviewerTeam, ReviewerTeamSettings } from './domain/reviewer-profile';
import { kafkaClient } from './kafka-client';
import { PlatformEvents } from './platform-events';
import { RunningReviewers, startReviewers } from './reviewer-team';
import { SimulatedDecision } from './domain/simulated-decision';
import { ReviewerCounts, sleep } from './simulated-reviewer';
import { TruthLedger } from './truth-ledger';

export interface SimulationOptions {
  brokers: string;
  reviewUrl: string;
  decisions: number;
  rate: number;
  seed: string;
  calibration: Calibration;
  versions: number;
  team: ReviewerTeamSettings;
  humanShare: number;
  /** How long to wait, after the last decision is sent, for the reviewers to finish the queues. */
  settleSeconds: number;
  /** Where the run's ground truth is kept (JSON lines), e.g. .cache/simulator. */
  truthDir: string;
  /** Each generated decision as sent: itself by default; itself and its baseline copy in a comparison run. */
  fanOut?: (item: SimulatedDecision) => SimulatedDecision[];
  /**
   * Workflows nobody reviews (the drill's abandoned workflow): the team's tokens leave them out, so their reviews end
   * only by expiry, and their audit checks are not waited for.
   */
  unreviewedWorkflows?: string[];
  /** Every workflow of the stream; needed with `unreviewedWorkflows` to say which the team works. */
  workflows?: string[];
}

function* fannedOut(
  items: Iterable<SimulatedDecision>,
  fanOut: (item: SimulatedDecision) => SimulatedDecision[],
): Generator<SimulatedDecision> {
  for (const item of items) yield* fanOut(item);
}

export interface SimulationProgress {
  sent: number;
  final: number;
  verdicts: number;
}

/** A run in progress: the decisions it sent, what the platform published about them, and the reviewers at work. */
export class Simulation {
  readonly runId = `sim-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomUUID().slice(0, 6)}`;
  /** Before the first decision: the platform's figures about this run are asked for from here on. */
  readonly startedAt = new Date();
  readonly truths: TruthLedger;
  readonly events: PlatformEvents;
  private readonly producer: DecisionProducer;
  private reviewers?: RunningReviewers;
  reviewerCounts: ReviewerCounts = { verdicts: 0, handedBack: 0, lost: 0, retries: 0 };

  constructor(readonly options: SimulationOptions) {
    const kafka = kafkaClient(options.brokers, 'countersign-simulator');
    this.truths = new TruthLedger(join(options.truthDir, `${this.runId}.truth.jsonl`));
    this.events = new PlatformEvents(kafka, (decisionId) => decisionId.startsWith(`${this.runId}-`));
    this.producer = new DecisionProducer(kafka, this.truths);
  }

  get streamSettings(): StreamSettings {
    return {
      seed: this.options.seed,
      runId: this.runId,
      count: this.options.decisions,
      behaviour: { calibration: this.options.calibration, versions: this.options.versions },
      startAt: new Date(),
      intervalMs: Math.round(1000 / this.options.rate),
    };
  }

  progress(): SimulationProgress {
    const finalIds = new Set(this.events.finals.map((final) => final.decisionId));
    return { sent: this.producer.sent, final: finalIds.size, verdicts: this.reviewers?.counts.verdicts ?? 0 };
  }

  /** Decisions whose final outcome the simulated reviewers are responsible for (not those left for a human). */
  expectedFinals(): string[] {
    return [...this.truths.all.keys()].filter((id) => !leftForHuman(id, this.options.humanShare));
  }

  /**
   * Streams the decisions and waits for the queues to drain. `gate` may hold the stream before a batch; `hold` must
   * resolve before the run may end (the drill's faults still recovering).
   */
  /** Reviews of this run waiting for a human: routed to review, and in the share left for one. */
  reviewsLeftForHuman(): number {
    return [...this.events.routed.values()].filter(
      (event) => event.routing.route === 'review' && leftForHuman(event.decisionId, this.options.humanShare),
    ).length;
  }

  async run(
    onProgress: (progress: SimulationProgress) => void = () => undefined,
    gate?: (sent: number) => Promise<void>,
    hold: () => Promise<void> = async () => undefined,
  ): Promise<void> {
    await this.events.start();
    this.reviewers = await startReviewers({
      reviewUrl: this.options.reviewUrl,
      team: reviewerTeam(this.options.team, `${this.options.seed}-reviewer`),
      truthOf: (id) => this.truths.get(id),
      seed: this.options.seed,
      humanShare: this.options.humanShare,
      ...(this.options.unreviewedWorkflows?.length
        ? {
            workflows: (this.options.workflows ?? []).filter(
              (workflow) => !this.options.unreviewedWorkflows?.includes(workflow),
            ),
          }
        : {}),
    });
    const ticker = setInterval(() => onProgress(this.progress()), 500);
    try {
      // A reviewer that fails for good (401, 403, a bug) ends the run instead of leaving it waiting.
      await Promise.race([
        this.producer.stream(
          fannedOut(decisionStream(this.streamSettings), this.options.fanOut ?? ((item) => [item])),
          this.options.rate,
          undefined,
          gate,
        ),
        this.reviewers.finished,
      ]);
      await Promise.race([hold().then(() => this.settle()), this.reviewers.finished]);
    } finally {
      clearInterval(ticker);
      this.reviewerCounts = await this.reviewers.stop();
      onProgress(this.progress());
      await this.producer.close();
    }
  }

  /**
   * Waits until every expected decision has its final outcome and every audit check of the run (not left for a human)
   * its verdict, or the settle time is up: the platform's measured figures stand on those audits.
   */
  private async settle(): Promise<void> {
    const deadline = Date.now() + this.options.settleSeconds * 1000;
    const expected = this.expectedFinals();
    // An audit is requested a moment after its release: done only when no new one came for a few seconds.
    let requests = -1;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      if (this.events.auditsRequested.size !== requests) {
        requests = this.events.auditsRequested.size;
        quietSince = Date.now();
      }
      const finalIds = new Set(this.events.finals.map((final) => final.decisionId));
      const audited = new Set(this.events.completions.filter((c) => c.kind === 'audit').map((c) => c.decisionId));
      const unreviewed = new Set(this.options.unreviewedWorkflows ?? []);
      const audits = [...this.events.auditsRequested].filter(
        (id) => !leftForHuman(id, this.options.humanShare) && !unreviewed.has(this.truths.get(id)?.workflow ?? ''),
      );
      const quiet = Date.now() - quietSince >= 3_000;
      if (quiet && expected.every((id) => finalIds.has(id)) && audits.every((id) => audited.has(id))) return;
      await sleep(500);
    }
  }

  async close(): Promise<void> {
    await this.events.stop();
  }
}
