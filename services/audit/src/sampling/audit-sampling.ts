import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEventV1, DecisionV1, FinalDecisionV1, ReviewRequestedV1 } from '@countersign/contracts';
import { bucketLabel, periodStart } from '../domain/audit-plan';
import { chooseForAudit } from '../domain/audit-sampler';
import { auditSampled } from '../domain/lifecycle-events';
import { AuditPlanStore } from './audit-plan-store';
import { AuditSampleStore } from './audit-sample-store';
import { TypedConfig } from '@countersign/platform';
import { AuditEnvironment } from '../audit-environment';

export interface AuditCheck {
  sampled: AuditEventV1;
  request: ReviewRequestedV1;
}

/**
 * Draws the audit sample from autonomously released decisions, in the caller's transaction. A decision's choice is
 * stored with it (AuditSampleStore), so redelivery finds it and decides nothing again; the tally of a stratum
 * (workflow, period, confidence bucket) is read under the stratum's lock, so concurrent partitions cannot both take
 * its last place in the minimum.
 */
@Injectable()
export class AuditSampling {
  private readonly secret: string;

  constructor(
    private readonly plans: AuditPlanStore,
    private readonly samples: AuditSampleStore,
    config: TypedConfig<AuditEnvironment>,
  ) {
    this.secret = config.get('AUDIT_SAMPLING_SECRET');
  }

  async consider(
    manager: EntityManager,
    final: FinalDecisionV1,
    decision: DecisionV1 | undefined,
    now: Date,
  ): Promise<AuditCheck | null> {
    if (final.outcome !== 'autonomous') return null;
    const plan = await this.plans.planFor(final.workflow, manager);
    const period = periodStart(new Date(final.decidedAt), plan.period);
    const candidate = {
      decisionId: final.decisionId,
      trustLevel: final.routing.trustLevel,
      confidence: final.confidence,
    };
    const bucketOf = chooseForAudit(plan, candidate, 0, this.secret).bucket;
    const stratum = `${final.workflow}|${period.toISOString()}|${bucketOf}`;
    await this.samples.lockStratum(manager, stratum);
    if (await this.samples.isSampled(manager, final.decisionId)) return null;
    const count = await this.samples.countInStratum(manager, final.workflow, period, bucketOf);
    const choice = chooseForAudit(plan, candidate, count, this.secret);
    if (!choice.sampled || choice.reason === null) return null;
    const label = bucketLabel(plan, choice.bucket);
    await this.samples.insert(manager, {
      decisionId: final.decisionId,
      workflow: final.workflow,
      periodStart: period,
      bucket: choice.bucket,
      bucketLabel: label,
      reason: choice.reason,
      trustLevel: candidate.trustLevel,
      confidence: final.confidence,
      sampledAt: now,
    });
    const sampled = auditSampled({
      decisionId: final.decisionId,
      workflow: final.workflow,
      periodStart: period.toISOString(),
      bucket: label,
      reason: choice.reason,
      sampledAt: final.decidedAt,
    });
    const request: ReviewRequestedV1 = {
      schemaVersion: 1,
      decisionId: final.decisionId,
      kind: 'audit',
      routing: final.routing,
      decision: decision ?? decisionFromFinal(final),
      requestedAt: now.toISOString(),
    };
    return { sampled, request };
  }

  /** Joins an audit check's verdict to its sample; false when the sample is unknown (not drawn here). */
  async judge(
    manager: EntityManager,
    decisionId: string,
    taskId: string,
    verdict: string,
    judgedAt: string,
  ): Promise<boolean> {
    return this.samples.recordVerdict(manager, decisionId, taskId, verdict, judgedAt);
  }
}

/**
 * The decision as released, when its received event has not been read yet: what the final outcome carries. The
 * reviewer then sees the output, model and confidence, without the input and evidence.
 */
export function decisionFromFinal(final: FinalDecisionV1): DecisionV1 {
  return {
    schemaVersion: 1,
    id: final.decisionId,
    workflow: final.workflow,
    model: final.model,
    confidence: final.confidence,
    output: final.finalOutput ?? {},
    attributes: {},
    flags: [],
    occurredAt: final.decidedAt,
  };
}
