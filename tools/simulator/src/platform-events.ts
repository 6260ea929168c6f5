import { Consumer, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import {
  decodeEvent,
  FinalDecisionV1,
  ReviewCompletedV1,
  ReviewRequestedV1,
  RoutedDecisionV1,
  Topics,
} from '@countersign/contracts';

/**
 * Watches what the platform published about this run's decisions, as a downstream system would (read committed, from
 * the beginning, a fresh consumer group): routed decisions, final outcomes (every copy, so duplicates show), audit
 * checks requested and review verdicts. Records of other runs are skipped by key before they are decoded.
 */
export class PlatformEvents {
  readonly routed = new Map<string, RoutedDecisionV1>();
  /** Every routed record's decision id, duplicates included. */
  readonly routedIds: string[] = [];
  readonly finals: FinalDecisionV1[] = [];
  readonly completions: ReviewCompletedV1[] = [];
  /** Decisions the audit service sampled after release: each gets an audit task. */
  readonly auditsRequested = new Set<string>();
  undecodable = 0;
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly ours: (decisionId: string) => boolean,
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `countersign-simulator-${randomUUID()}`, maxWaitTimeInMs: 250 });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [Topics.decisionsRouted, Topics.decisionsFinal, Topics.reviewRequested, Topics.reviewCompleted],
      fromBeginning: true,
    });
    await this.consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const key = message.key?.toString();
          if (key === undefined || !this.ours(key)) continue;
          this.ingest(batch.topic, message.value);
        }
      },
    });
  }

  /** Records one record of a watched topic (also fed by the drill's reference read-back). */
  ingest(topic: string, value: Buffer | null): void {
    if (topic === Topics.decisionsRouted)
      return this.keep(decodeEvent(RoutedDecisionV1, value), (event) => {
        this.routed.set(event.decisionId, event);
        this.routedIds.push(event.decisionId);
      });
    if (topic === Topics.decisionsFinal)
      return this.keep(decodeEvent(FinalDecisionV1, value), (event) => {
        this.finals.push(event);
      });
    if (topic === Topics.reviewRequested)
      return this.keep(decodeEvent(ReviewRequestedV1, value), (event) => {
        if (event.kind === 'audit') this.auditsRequested.add(event.decisionId);
      });
    this.keep(decodeEvent(ReviewCompletedV1, value), (event) => {
      this.completions.push(event);
    });
  }

  private keep<T>(result: { ok: true; value: T } | { ok: false }, store: (event: T) => void): void {
    if (result.ok) store(result.value);
    else this.undecodable++;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
