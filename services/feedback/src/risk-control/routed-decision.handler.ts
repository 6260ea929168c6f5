import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { compiledDecoder, RoutedDecisionV1, Topics } from '@countersign/contracts';
import { BatchResult, InboundRecord, RecordOutcome } from '@countersign/kafka';
import { RiskObservationStore } from './risk-observation-store';

const decodeRouted = compiledDecoder(RoutedDecisionV1);

/**
 * Keeps every decision a risk rule governed, released or not: risk control needs the released decisions nobody looked
 * at as much as the judged ones. Others (no risk budget, or sent to review by a rule) are acknowledged and dropped.
 * Idempotent by decision id; a failure to store throws, so the batch is redelivered.
 */
@Controller()
export class RoutedDecisionHandler {
  private readonly log = new Logger(RoutedDecisionHandler.name);

  constructor(private readonly store: RiskObservationStore) {}

  @EventPattern(Topics.decisionsRouted, { batch: true })
  async record(@Payload() records: InboundRecord[]): Promise<BatchResult> {
    const outcomes: RecordOutcome[] = [];
    const routed: RoutedDecisionV1[] = [];
    for (const record of records) {
      const decoded = decodeRouted(record.value);
      if (decoded.ok) {
        routed.push(decoded.value);
        outcomes.push(RecordOutcome.done());
      } else outcomes.push(RecordOutcome.deadLetter(decoded.reason, decoded.errors));
    }
    const stored = await this.store.insert(routed);
    if (stored > 0) this.log.debug({ msg: 'risk observations stored', count: stored });
    return { outcomes };
  }
}
