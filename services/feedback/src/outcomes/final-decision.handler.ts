import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { decodeEvent, FinalDecisionV1, Topics } from '@countersign/contracts';
import { InboundRecord, RecordOutcome } from '@countersign/kafka';
import { FinalOutcomeStore } from './final-outcome-store';

/** Keeps each decision's final outcome. A failure to store throws, so the batch is redelivered. */
@Controller()
export class FinalDecisionHandler {
  private readonly log = new Logger(FinalDecisionHandler.name);

  constructor(private readonly outcomes: FinalOutcomeStore) {}

  @EventPattern(Topics.decisionsFinal)
  async store(@Payload() record: InboundRecord): Promise<RecordOutcome> {
    const decoded = decodeEvent(FinalDecisionV1, record.value);
    if (!decoded.ok) return RecordOutcome.deadLetter(decoded.reason, decoded.errors);
    const final = decoded.value;
    const stored = await this.outcomes.record(final);
    this.log.debug({ msg: stored ? 'outcome stored' : 'outcome already stored', decisionId: final.decisionId });
    return RecordOutcome.done();
  }
}
