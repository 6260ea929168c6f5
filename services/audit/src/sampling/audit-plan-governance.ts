import { Injectable, Logger } from '@nestjs/common';
import { AuditEventV1, JsonObject } from '@countersign/contracts';
import { ownProposalRefusal, supersededRefusal } from '@countersign/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditPlan } from '../domain/audit-plan';
import { canonicalJson } from '../domain/canonical-json';
import { comparesAuditPlan } from '../domain/compares-audit-plan';
import { AuditRecorder } from '../lifecycle/audit-recorder';
import { AuditPlanProposal, AuditPlanProposalStore } from './audit-plan-proposal-store';
import { AuditPlanStore } from './audit-plan-store';

/** What a plan change came to: in force at once, or waiting for a second admin. */
export type PlanChangeOutcome = { applied: AuditPlan } | { proposal: AuditPlanProposal };

/**
 * Who controls a workflow's post-release audits: the two-person rule (ADR 0006). A plan that keeps or raises
 * oversight (comparesAuditPlan) applies at once; one that lowers it becomes a proposal a second admin of the
 * workflow approves. Always on: unlike the router, no per-workflow switch turns it off. Every step is on the trail
 * (type policy.changed, source audit, `data.action` audit-plan.*), written in the step's transaction.
 */
@Injectable()
export class AuditPlanGovernance {
  private readonly log = new Logger(AuditPlanGovernance.name);

  constructor(
    private readonly plans: AuditPlanStore,
    private readonly proposals: AuditPlanProposalStore,
    private readonly recorder: AuditRecorder,
  ) {}

  change(plan: AuditPlan, actor: string): Promise<PlanChangeOutcome> {
    return this.plans.dataSource.transaction(async (manager): Promise<PlanChangeOutcome> => {
      await this.plans.lock(manager, plan.workflow);
      const current = await this.plans.planFor(plan.workflow, manager);
      const { lowers, raises } = comparesAuditPlan(current, plan);
      await this.supersedePending(manager, plan.workflow, actor);
      if (lowers.length > 0) {
        const proposal = await this.proposals.propose(manager, {
          workflow: plan.workflow,
          plan,
          basePlan: current,
          lowers: [...lowers],
          proposedBy: actor,
        });
        await this.record(manager, plan.workflow, actor, {
          action: 'audit-plan.proposed',
          proposalId: proposal.id,
          plan: planData(plan),
          lowers: [...lowers],
        });
        this.log.log({ msg: 'audit plan lowers oversight: proposed for a second admin', workflow: plan.workflow });
        return { proposal };
      }
      await this.plans.save(plan, actor, manager);
      await this.record(manager, plan.workflow, actor, {
        action: 'audit-plan.changed',
        plan: planData(plan),
        raises: [...raises],
      });
      return { applied: plan };
    });
  }

  /** A second admin approves: the plan applies in the same transaction, or the approval is refused and says why. */
  async approve(workflow: string, id: string, actor: string): Promise<AuditPlanProposal> {
    const outcome = await this.plans.dataSource.transaction(async (manager) => {
      // The plan's lock first, as change() takes it before the proposals' rows: no deadlock between the two.
      await this.plans.lock(manager, workflow);
      const proposal = await this.proposals.lockPending(manager, workflow, id);
      if (proposal.proposedBy === actor) {
        throw ownProposalRefusal(actor, workflow);
      }
      const current = await this.plans.planFor(workflow, manager);
      if (canonicalJson(current) !== canonicalJson(proposal.basePlan)) {
        const note = 'the audit plan changed after this was proposed; propose again';
        await this.decide(manager, proposal, 'superseded', actor, note);
        return { superseded: note };
      }
      await this.plans.save(proposal.plan, proposal.proposedBy, manager);
      const decided = await this.decide(manager, proposal, 'approved', actor, 'applied');
      await this.supersedePending(manager, workflow, actor);
      return { decided };
    });
    if (outcome.superseded !== undefined) throw supersededRefusal(outcome.superseded);
    return outcome.decided;
  }

  /** Any admin of the workflow, the proposer included (withdrawing it), may reject a pending proposal. */
  reject(workflow: string, id: string, actor: string, reason: string): Promise<AuditPlanProposal> {
    return this.plans.dataSource.transaction(async (manager) => {
      const proposal = await this.proposals.lockPending(manager, workflow, id);
      return this.decide(manager, proposal, 'rejected', actor, reason);
    });
  }

  list(workflow: string): Promise<AuditPlanProposal[]> {
    return this.proposals.list(workflow);
  }

  /** Closes the pending proposals the change in progress leaves behind (at most one is pending), each on the trail. */
  private async supersedePending(manager: EntityManager, workflow: string, actor: string): Promise<void> {
    const note = 'the audit plan changed, or a newer proposal replaced this one; propose again';
    for (const proposal of await this.proposals.supersedePending(manager, workflow, actor, note)) {
      await this.record(manager, workflow, actor, {
        action: 'audit-plan.superseded',
        proposalId: proposal.id,
        proposedBy: proposal.proposedBy,
        note,
      });
    }
  }

  private async decide(
    manager: EntityManager,
    proposal: AuditPlanProposal,
    status: 'approved' | 'rejected' | 'superseded',
    actor: string,
    note: string,
  ): Promise<AuditPlanProposal> {
    const decided = await this.proposals.decide(manager, proposal.id, status, actor, note);
    await this.record(manager, proposal.workflow, actor, {
      action: `audit-plan.${status}`,
      proposalId: proposal.id,
      proposedBy: proposal.proposedBy,
      note,
      ...(status === 'approved' ? { plan: planData(proposal.plan) } : {}),
    });
    return decided;
  }

  /** A step on the trail (the workflow's chain) and on countersign.audit.events, in the step's transaction. */
  private async record(manager: EntityManager, workflow: string, actor: string, data: JsonObject): Promise<void> {
    const event: AuditEventV1 = {
      schemaVersion: 1,
      eventId: randomUUID(),
      type: 'policy.changed',
      workflow,
      actor,
      source: 'audit',
      data: { subject: 'audit-plan', ...data },
      occurredAt: new Date().toISOString(),
    };
    await this.recorder.recordDerived(manager, [event]);
  }
}

function planData(plan: AuditPlan): JsonObject {
  return {
    ratesByTrustLevel: { ...plan.ratesByTrustLevel },
    minimumPerPeriod: plan.minimumPerPeriod,
    period: plan.period,
    confidenceCuts: [...plan.confidenceCuts],
  };
}
