import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  AuditEventV1,
  compiledDecoder,
  DecisionV1,
  DecodeResult,
  FinalDecisionV1,
  ReviewCompletedV1,
  RoutedDecisionV1,
  Topics,
} from '@countersign/contracts';
import { BatchResult, InboundRecord, Outbox, outboundEvent, RecordOutcome } from '@countersign/kafka';
import {
  auditJudged,
  decisionFinalized,
  decisionOfReceived,
  decisionReceived,
  decisionRouted,
} from '../domain/lifecycle-events';
import { AuditSampling } from '../sampling/audit-sampling';
import { AuditRecorder } from './audit-recorder';
import { FinalOutcomeStore } from './final-outcome-store';

const decode = {
  decision: compiledDecoder(DecisionV1),
  routed: compiledDecoder(RoutedDecisionV1),
  final: compiledDecoder(FinalDecisionV1),
  completed: compiledDecoder(ReviewCompletedV1),
  audit: compiledDecoder(AuditEventV1),
};

/** Decodes a batch: an outcome per record (dead letter or done) and the events that decoded. */
function decodeBatch<T>(
  records: InboundRecord[],
  decoder: (value: Buffer | null) => DecodeResult<T>,
): { outcomes: RecordOutcome[]; values: T[] } {
  const outcomes: RecordOutcome[] = [];
  const values: T[] = [];
  for (const record of records) {
    const decoded = decoder(record.value);
    outcomes.push(decoded.ok ? RecordOutcome.done() : RecordOutcome.deadLetter(decoded.reason, decoded.errors));
    if (decoded.ok) values.push(decoded.value);
  }
  return { outcomes, values };
}

/**
 * Every lifecycle event of every decision onto the trail, a batch per database transaction. What other services put
 * on the audit topic is stored as published; the rest is derived here from the decision topics, with deterministic
 * event ids, and published through the outbox. A failure throws, so the batch is redelivered and deduplicated.
 */
@Controller()
export class LifecycleHandler {
  private readonly log = new Logger(LifecycleHandler.name);

  constructor(
    private readonly recorder: AuditRecorder,
    private readonly sampling: AuditSampling,
    private readonly finalOutcomes: FinalOutcomeStore,
    private readonly outbox: Outbox,
  ) {}

  private get dataSource() {
    return this.recorder.trail.dataSource;
  }

  @EventPattern(Topics.auditEvents, { batch: true })
  async published(@Payload() records: InboundRecord[]): Promise<BatchResult> {
    const { outcomes, values } = decodeBatch(records, decode.audit);
    await this.dataSource.transaction((manager) => this.recorder.recordPublished(manager, values));
    return { outcomes };
  }

  @EventPattern(Topics.decisions, { batch: true })
  async received(@Payload() records: InboundRecord[]): Promise<BatchResult> {
    // The router dead-letters what it cannot read; a second dead letter here would only be noise.
    const { values } = decodeBatch(records, decode.decision);
    await this.derive(values.map(decisionReceived));
    return { outcomes: records.map(() => RecordOutcome.done()) };
  }

  @EventPattern(Topics.decisionsRouted, { batch: true })
  async routed(@Payload() records: InboundRecord[]): Promise<BatchResult> {
    const { outcomes, values } = decodeBatch(records, decode.routed);
    await this.derive(values.map(decisionRouted));
    return { outcomes };
  }

  @EventPattern(Topics.reviewCompleted, { batch: true })
  async completed(@Payload() records: InboundRecord[]): Promise<BatchResult> {
    const { outcomes, values } = decodeBatch(records, decode.completed);
    const audits = values.filter((completed) => completed.kind === 'audit');
    await this.dataSource.transaction(async (manager) => {
      for (const completed of audits) {
        const joined = await this.sampling.judge(
          manager,
          completed.decisionId,
          completed.taskId,
          completed.verdict,
          completed.completedAt,
        );
        if (!joined) this.log.warn({ msg: 'audit verdict without a sample', decisionId: completed.decisionId });
      }
      await this.recorder.recordDerived(manager, audits.map(auditJudged));
    });
    return { outcomes };
  }

  @EventPattern(Topics.decisionsFinal, { batch: true })
  async finalized(@Payload() records: InboundRecord[]): Promise<BatchResult> {
    const { outcomes, values } = decodeBatch(records, decode.final);
    const now = new Date();
    await this.dataSource.transaction(async (manager) => {
      const derived: AuditEventV1[] = [];
      for (const final of values) {
        await this.finalOutcomes.record(manager, final);
        derived.push(decisionFinalized(final));
        const received = await this.recorder.trail.eventOf(manager, final.decisionId, 'decision.received');
        const check = await this.sampling.consider(
          manager,
          final,
          received ? decisionOfReceived(received) : undefined,
          now,
        );
        if (!check) continue;
        derived.push(check.sampled);
        await this.outbox.add(manager, [outboundEvent(Topics.reviewRequested, final.decisionId, check.request)]);
      }
      await this.recorder.recordDerived(manager, derived);
    });
    return { outcomes };
  }

  private async derive(events: AuditEventV1[]): Promise<void> {
    await this.dataSource.transaction((manager) => this.recorder.recordDerived(manager, events));
  }
}
