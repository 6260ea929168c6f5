import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { compiledDecoder, DecisionV1, RoutingFacts, Topics } from '@countersign/contracts';
import { BatchResult, InboundRecord, RecordOutcome } from '@countersign/kafka';
import { routeDecision } from '../domain/route-decision';
import { ActivePolicies } from '../policies/active-policies';
import { routedOutputs } from './routed-outputs';
import { RoutedDecisionLedger } from '../ledger/routed-decision-ledger';
import { RoutingMetrics } from './routing-metrics';

const decodeDecision = compiledDecoder(DecisionV1);

type Evaluated =
  { valid: false; outcome: RecordOutcome } | { valid: true; decision: DecisionV1; routing: RoutingFacts };

/**
 * Routes a batch of decisions: decode, evaluate each against its workflow's current policy, recognise ids already
 * routed, and return what to publish. The transport commits the outputs with the input offsets in one Kafka
 * transaction; the ledger's database transaction follows it.
 */
@Controller()
export class DecisionRoutingHandler {
  private readonly log = new Logger(DecisionRoutingHandler.name);

  constructor(
    private readonly policies: ActivePolicies,
    private readonly ledger: RoutedDecisionLedger,
    private readonly metrics: RoutingMetrics,
  ) {}

  @EventPattern(Topics.decisions, { batch: true })
  async route(@Payload() records: InboundRecord[]): Promise<BatchResult> {
    const now = new Date();
    const evaluated = records.map((record) => this.evaluate(record));
    const valid = evaluated.filter((entry): entry is Extract<Evaluated, { valid: true }> => entry.valid);
    const claim = await this.ledger.claim(valid, now);
    /** Ids routed by this batch, with their workflow. */
    const routedNow = new Map<string, string>();
    const outcomes = evaluated.map((entry) => {
      if (!entry.valid) return entry.outcome;
      const { decision, routing } = entry;
      const routedFor = claim.firstSightings.has(decision.id)
        ? routedNow.get(decision.id)
        : (claim.routedBefore.get(decision.id) ?? routedNow.get(decision.id) ?? decision.workflow);
      if (routedFor !== undefined && routedFor !== decision.workflow) {
        // Not a re-send: another workflow's decision holds the id. Dropped as a duplicate it would never reach an
        // outcome, so its producer learns of it from the dead-letter topic, with the bytes to send again under a new id.
        this.metrics.deadLettered.inc({ reason: 'rejected' });
        this.log.warn({ msg: 'decision id already routed for another workflow', decisionId: decision.id });
        return RecordOutcome.deadLetter('rejected', [
          '/id: already routed for another workflow; decision ids must be unique across workflows',
        ]);
      }
      if (routedFor !== undefined) {
        this.metrics.duplicates.inc({ workflow: decision.workflow });
        this.log.warn({ msg: 'decision id already routed; not routing it again', decisionId: decision.id });
        return RecordOutcome.done();
      }
      routedNow.set(decision.id, decision.workflow);
      this.metrics.routed.inc({ workflow: decision.workflow, route: routing.route });
      return RecordOutcome.publish(...routedOutputs(decision, routing, now));
    });
    return { outcomes, afterCommit: claim.commit, afterAbort: claim.rollback };
  }

  private evaluate(record: InboundRecord): Evaluated {
    const decoded = decodeDecision(record.value);
    if (!decoded.ok) {
      this.metrics.deadLettered.inc({ reason: decoded.reason });
      return { valid: false, outcome: RecordOutcome.deadLetter(decoded.reason, decoded.errors) };
    }
    const decision = decoded.value;
    const { policy, known } = this.policies.policyFor(decision.workflow);
    if (!known) {
      this.metrics.unknownWorkflow.inc({ workflow: decision.workflow });
      this.log.warn({
        msg: 'no policy for workflow; reviewing everything',
        workflow: decision.workflow,
        decisionId: decision.id,
      });
    }
    return { valid: true, decision, routing: routeDecision(decision, policy) };
  }
}
