import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventV1, JsonObject, Topics } from '@countersign/contracts';
import { Outbox, outboundEvent } from '@countersign/kafka';
import { ownProposalRefusal, supersededRefusal, TypedConfig } from '@countersign/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { comparesTarget, WorkflowTarget } from '../domain/target-change';
import { FeedbackEnvironment } from '../feedback-environment';
import { RecommendationStore } from './recommendation-store';
import { TargetProposal, TargetProposalStore } from './target-proposal-store';

/** What a target change came to: in force at once, unchanged (nothing stored), or waiting for a second admin. */
export type TargetChangeOutcome =
  { applied: WorkflowTarget } | { unchanged: WorkflowTarget } | { proposal: TargetProposal };

/**
 * Who controls a workflow's target: the two-person rule (ADR 0006). A target that accepts more released error lets
 * feedback and risk control ask the router for less oversight, so it becomes a proposal a second admin of the workflow
 * approves; any other change applies at once. Re-sending the target in force stores nothing, so the admin it is set
 * for (who may not approve what feedback files on its strength) stays the one who chose it. Every step is an audit
 * event (type policy.changed, source feedback, `data.subject` target), put in the outbox in the step's transaction.
 */
@Injectable()
export class TargetGovernance {
  private readonly log = new Logger(TargetGovernance.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly targets: RecommendationStore,
    private readonly proposals: TargetProposalStore,
    private readonly outbox: Outbox,
    private readonly config: TypedConfig<FeedbackEnvironment>,
  ) {}

  change(workflow: string, target: WorkflowTarget, actor: string): Promise<TargetChangeOutcome> {
    return this.dataSource.transaction(async (manager): Promise<TargetChangeOutcome> => {
      await this.targets.lockTarget(manager, workflow);
      const current = await this.inForce(workflow, manager);
      const { lowers, unchanged } = comparesTarget(current, target);
      if (unchanged) return { unchanged: current };
      await this.supersedePending(manager, workflow, actor);
      if (lowers.length > 0) {
        const proposal = await this.proposals.propose(manager, {
          workflow,
          target,
          baseTarget: current,
          lowers,
          proposedBy: actor,
        });
        await this.record(manager, workflow, actor, {
          action: 'target.proposed',
          proposalId: proposal.id,
          from: { ...current },
          to: { ...target },
          lowers,
        });
        this.log.log({ msg: 'target accepts more released error: proposed for a second admin', workflow });
        return { proposal };
      }
      await this.targets.setTarget(workflow, target, actor, manager);
      await this.record(manager, workflow, actor, {
        action: 'target.changed',
        from: { ...current },
        to: { ...target },
      });
      return { applied: target };
    });
  }

  /** A second admin approves: the target applies in the same transaction, or the approval is refused and says why. */
  async approve(workflow: string, id: string, actor: string): Promise<TargetProposal> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      // The target's lock first, as change() takes it before the proposals' rows: no deadlock between the two.
      await this.targets.lockTarget(manager, workflow);
      const proposal = await this.proposals.lockPending(manager, workflow, id);
      if (proposal.proposedBy === actor) {
        throw ownProposalRefusal(actor, workflow);
      }
      const current = await this.inForce(workflow, manager);
      if (!comparesTarget(current, proposal.baseTarget).unchanged) {
        const note = 'the target changed after this was proposed; propose again';
        await this.decide(manager, proposal, 'superseded', actor, note);
        return { superseded: note };
      }
      // Stored as the proposer's: what feedback files on its strength is filed for them, and this approver is the
      // second admin the router asks for.
      await this.targets.setTarget(workflow, proposal.target, proposal.proposedBy, manager);
      const decided = await this.decide(manager, proposal, 'approved', actor, 'applied');
      await this.supersedePending(manager, workflow, actor);
      return { decided };
    });
    if (outcome.superseded !== undefined) throw supersededRefusal(outcome.superseded);
    return outcome.decided;
  }

  /** Any admin of the workflow, the proposer included (withdrawing it), may reject a pending proposal. */
  reject(workflow: string, id: string, actor: string, reason: string): Promise<TargetProposal> {
    return this.dataSource.transaction(async (manager) => {
      const proposal = await this.proposals.lockPending(manager, workflow, id);
      return this.decide(manager, proposal, 'rejected', actor, reason);
    });
  }

  list(workflow: string): Promise<TargetProposal[]> {
    return this.proposals.list(workflow);
  }

  /** The target in force: the stored one, else the service default with auto-apply off. */
  async inForce(workflow: string, manager: EntityManager = this.dataSource.manager): Promise<WorkflowTarget> {
    const stored = await this.targets.targetOf(workflow, manager);
    return stored
      ? { maxErrorRate: stored.maxErrorRate, autoApply: stored.autoApply }
      : { maxErrorRate: this.config.get('FEEDBACK_TARGET_ERROR_RATE'), autoApply: false };
  }

  /** Closes the pending proposals the change in progress leaves behind (at most one is pending), each on the trail. */
  private async supersedePending(manager: EntityManager, workflow: string, actor: string): Promise<void> {
    const note = 'the target changed, or a newer proposal replaced this one; propose again';
    for (const proposal of await this.proposals.supersedePending(manager, workflow, actor, note)) {
      await this.record(manager, workflow, actor, {
        action: 'target.superseded',
        proposalId: proposal.id,
        proposedBy: proposal.proposedBy,
        note,
      });
    }
  }

  private async decide(
    manager: EntityManager,
    proposal: TargetProposal,
    status: 'approved' | 'rejected' | 'superseded',
    actor: string,
    note: string,
  ): Promise<TargetProposal> {
    const decided = await this.proposals.decide(manager, proposal.id, status, actor, note);
    await this.record(manager, proposal.workflow, actor, {
      action: `target.${status}`,
      proposalId: proposal.id,
      proposedBy: proposal.proposedBy,
      note,
      ...(status === 'approved' ? { from: { ...proposal.baseTarget }, to: { ...proposal.target } } : {}),
    });
    return decided;
  }

  /** An audit event for the workflow's trail (countersign.audit.events via the outbox), in the step's transaction. */
  private async record(manager: EntityManager, workflow: string, actor: string, data: JsonObject): Promise<void> {
    const event: AuditEventV1 = {
      schemaVersion: 1,
      eventId: randomUUID(),
      type: 'policy.changed',
      workflow,
      actor,
      source: 'feedback',
      data: { subject: 'target', ...data },
      occurredAt: new Date().toISOString(),
    };
    await this.outbox.add(manager, [outboundEvent(Topics.auditEvents, workflow, event)]);
  }
}
