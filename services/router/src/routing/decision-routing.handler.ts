import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { decodeEvent, DecisionV1, Topics } from '@countersign/contracts';
import { InboundRecord, RecordOutcome } from '@countersign/kafka';
import { placeholderRouting } from '../domain/placeholder-routing';
import { routedOutputs } from './routed-outputs';

/** Reads each decision, routes it, and returns what to publish; the transport commits it with the offset. */
@Controller()
export class DecisionRoutingHandler {
  private readonly log = new Logger(DecisionRoutingHandler.name);

  @EventPattern(Topics.decisions)
  route(@Payload() record: InboundRecord): RecordOutcome {
    const decoded = decodeEvent(DecisionV1, record.value);
    if (!decoded.ok) return RecordOutcome.deadLetter(decoded.reason, decoded.errors);
    const decision = decoded.value;
    const routing = placeholderRouting(decision);
    this.log.debug({ msg: 'routed', decisionId: decision.id, workflow: decision.workflow, route: routing.route });
    return RecordOutcome.publish(...routedOutputs(decision, routing, new Date()));
  }
}
