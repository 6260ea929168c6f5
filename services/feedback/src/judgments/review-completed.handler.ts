import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { compiledDecoder, ReviewCompletedV1, Topics } from '@countersign/contracts';
import { BatchResult, InboundRecord, RecordOutcome } from '@countersign/kafka';
import { FeedbackMetrics } from './judgment-metrics';
import { JudgmentStore } from './judgment-store';

const decodeJudgment = compiledDecoder(ReviewCompletedV1);

/**
 * Stores every human judgment, a batch per statement. Idempotent by the unique (decision id, task id): a redelivered
 * batch stores nothing twice. A failure to store throws, so the batch is redelivered rather than lost.
 */
@Controller()
export class ReviewCompletedHandler {
  private readonly log = new Logger(ReviewCompletedHandler.name);

  constructor(
    private readonly store: JudgmentStore,
    private readonly metrics: FeedbackMetrics,
  ) {}

  @EventPattern(Topics.reviewCompleted, { batch: true })
  async record(@Payload() records: InboundRecord[]): Promise<BatchResult> {
    const outcomes: RecordOutcome[] = [];
    const judgments: ReviewCompletedV1[] = [];
    for (const record of records) {
      const decoded = decodeJudgment(record.value);
      if (decoded.ok) {
        judgments.push(decoded.value);
        outcomes.push(RecordOutcome.done());
      } else {
        this.metrics.deadLettered.inc({ reason: decoded.reason });
        outcomes.push(RecordOutcome.deadLetter(decoded.reason, decoded.errors));
      }
    }
    const stored = await this.store.insert(judgments);
    for (const judgment of judgments) this.metrics.received.inc({ kind: judgment.kind });
    if (stored < judgments.length) {
      this.metrics.duplicates.inc(judgments.length - stored);
      this.log.log({ msg: 'judgments already stored, skipped', count: judgments.length - stored });
    }
    return { outcomes };
  }
}
