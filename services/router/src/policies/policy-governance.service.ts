import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { PutPolicyRequest, RoutingPolicyDocument } from '@countersign/contracts';
import { badRequest, TypedConfig } from '@countersign/platform';
import { comparesOversight } from '../domain/compares-oversight';
import { mayActOnBehalf, ownProposalRefusal, serviceSubjectsOf } from '../domain/two-person-rule';
import { RouterEnvironment } from '../router-environment';
import { ActivePolicies } from './active-policies';
import { GovernanceStore, onBehalfOfData } from './governance-store';
import { PolicyProposal } from './policy-proposal';
import { PolicyStore } from './policy-store';
import { PolicyVersionEntity } from './policy-version.entity';

/** What a policy change came to: stored at once, or waiting for a second admin. */
export type ChangeOutcome = { applied: PolicyVersionEntity } | { proposal: PolicyProposal };

/**
 * Who controls a workflow's oversight. Changes that keep or raise oversight apply at once; changes that lower it
 * (comparesOversight) become proposals a second admin of the workflow approves, unless the workflow's two-person rule
 * was switched off (itself such a change). The stop switch applies at once; resuming lowers oversight, so it too
 * needs the second admin. Every step is on the audit trail.
 */
@Injectable()
export class PolicyGovernance {
  private readonly log = new Logger(PolicyGovernance.name);
  private readonly serviceSubjects: string[];

  constructor(
    private readonly policies: PolicyStore,
    private readonly governance: GovernanceStore,
    private readonly active: ActivePolicies,
    config: TypedConfig<RouterEnvironment>,
  ) {
    this.serviceSubjects = serviceSubjectsOf(config.get('ROUTER_SERVICE_SUBJECTS'));
  }

  async change(workflow: string, request: PutPolicyRequest, actor: string, ifVersion?: number): Promise<ChangeOutcome> {
    const onBehalfOf = request.onBehalfOf ?? null;
    if (onBehalfOf !== null && !mayActOnBehalf(actor, this.serviceSubjects)) {
      // Never ignored silently: a person naming a colleague would make the colleague the one refused approval.
      throw badRequest(
        [{ field: 'onBehalfOf', errors: ['only a service principal (ROUTER_SERVICE_SUBJECTS) may act on behalf of'] }],
        'onBehalfOf is for services filing changes an admin set them to make',
      );
    }
    const current = await this.policies.latest(workflow);
    const baseVersion = current?.version ?? 0;
    if (ifVersion !== undefined && ifVersion !== baseVersion) {
      throw new ConflictException(
        `policy of ${workflow} is at version ${baseVersion}, not ${ifVersion}; reload and retry`,
      );
    }
    const lowers = [...comparesOversight(current?.policy, request.policy).lowers];
    if (lowers.length > 0 && (await this.governance.twoPersonRule(workflow))) {
      return {
        proposal: await this.propose(
          workflow,
          'policy',
          baseVersion,
          request.policy,
          lowers,
          request.reason,
          actor,
          onBehalfOf,
        ),
      };
    }
    const stored = await this.policies.append(
      {
        workflow,
        policy: request.policy,
        changedBy: actor,
        reason: request.reason,
        audit: {
          action: lowers.length > 0 ? 'version.stored.two-person-rule-off' : 'version.stored',
          lowers,
          ...onBehalfOfData({ onBehalfOf }),
        },
      },
      baseVersion,
    );
    this.applyHere(stored);
    return { applied: stored };
  }

  /** The stop switch: every new decision of the workflow to review, on every replica, until resumed. */
  async stop(workflow: string, actor: string, reason: string): Promise<PolicyVersionEntity> {
    const current = await this.requirePolicy(workflow);
    if (current.autonomyStopped) return current;
    const stored = await this.policies.append(
      {
        workflow,
        policy: current.policy,
        changedBy: actor,
        reason: `autonomy stopped: ${reason}`,
        autonomyStopped: true,
        audit: { action: 'autonomy.stopped' },
      },
      current.version,
    );
    this.applyHere(stored);
    this.log.warn({ msg: 'autonomy stopped', workflow, version: stored.version, by: actor });
    return stored;
  }

  async resume(workflow: string, actor: string, reason: string): Promise<ChangeOutcome> {
    const current = await this.requirePolicy(workflow);
    if (!current.autonomyStopped) throw new ConflictException(`autonomy of ${workflow} is not stopped`);
    if (await this.governance.twoPersonRule(workflow)) {
      const lowers = ['autonomy resumed: decisions are routed by the policy again'];
      return { proposal: await this.propose(workflow, 'resume', current.version, null, lowers, reason, actor) };
    }
    return { applied: await this.resumeNow(current, actor, reason) };
  }

  /** On applies at once; off is itself a lowering of oversight, so it is proposed while the rule is on. */
  async setTwoPersonRule(workflow: string, on: boolean, actor: string, reason: string) {
    const currentlyOn = await this.governance.twoPersonRule(workflow);
    if (!on && currentlyOn) {
      const baseVersion = (await this.policies.latest(workflow))?.version ?? 0;
      const lowers = ['two-person rule off: one admin alone may then lower oversight'];
      return {
        proposal: await this.propose(workflow, 'two-person-rule-off', baseVersion, null, lowers, reason, actor),
      };
    }
    await this.governance.dataSource.transaction((manager) =>
      this.governance.setTwoPersonRule(manager, workflow, on, actor, reason),
    );
    return { twoPersonRule: on };
  }

  /** A second admin approves: the proposal applies in the same transaction, or is refused and says why. */
  async approve(workflow: string, id: string, actor: string): Promise<PolicyProposal> {
    const approved = await this.governance.dataSource.transaction(async (manager) => {
      const proposal = await this.pending(manager, workflow, id);
      const refusal = ownProposalRefusal(proposal, actor, workflow);
      if (refusal !== undefined) {
        throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: refusal, reason: 'own_proposal' });
      }
      const current = await manager
        .getRepository(PolicyVersionEntity)
        .findOne({ where: { workflow }, order: { version: 'DESC' } });
      if ((current?.version ?? 0) !== proposal.baseVersion) {
        const note = `policy moved from version ${proposal.baseVersion} to ${current?.version}; propose again`;
        await this.governance.decide(manager, proposal, 'superseded', actor, null, note);
        return { superseded: note };
      }
      const audit = {
        action: 'proposal.applied',
        proposalId: proposal.id,
        proposedBy: proposal.proposedBy,
        ...onBehalfOfData(proposal),
      };
      let version: PolicyVersionEntity | null = null;
      if (proposal.kind === 'policy' && proposal.policy) {
        const change = { workflow, policy: proposal.policy, changedBy: proposal.proposedBy, reason: proposal.reason };
        version = await this.policies.append(
          { ...change, audit: { ...audit, approvedBy: actor } },
          proposal.baseVersion,
          manager,
        );
      } else if (proposal.kind === 'resume' && current) {
        version = await this.policies.append(
          {
            ...this.resumeChange(current, proposal.proposedBy, proposal.reason),
            audit: { ...audit, approvedBy: actor },
          },
          current.version,
          manager,
        );
      } else if (proposal.kind === 'two-person-rule-off') {
        await this.governance.setTwoPersonRule(manager, workflow, false, actor, proposal.reason);
      }
      const decided = await this.governance.decide(
        manager,
        proposal,
        'approved',
        actor,
        version?.version ?? null,
        'applied',
      );
      return { decided, version };
    });
    if ('superseded' in approved) throw new ConflictException(approved.superseded);
    if (approved.version) this.applyHere(approved.version);
    return approved.decided;
  }

  /** Any admin of the workflow, the proposer included (withdrawing it), may reject a pending proposal. */
  async reject(workflow: string, id: string, actor: string, reason: string): Promise<PolicyProposal> {
    return this.governance.dataSource.transaction(async (manager) => {
      const proposal = await this.pending(manager, workflow, id);
      return this.governance.decide(manager, proposal, 'rejected', actor, null, reason);
    });
  }

  list(workflow: string): Promise<PolicyProposal[]> {
    return this.governance.list(workflow);
  }

  private async propose(
    workflow: string,
    kind: PolicyProposal['kind'],
    baseVersion: number,
    policy: RoutingPolicyDocument | null,
    lowers: string[],
    reason: string,
    proposedBy: string,
    onBehalfOf: string | null = null,
  ): Promise<PolicyProposal> {
    const proposal = await this.governance.dataSource.transaction((manager) =>
      this.governance.propose(manager, { workflow, kind, baseVersion, policy, lowers, reason, proposedBy, onBehalfOf }),
    );
    this.log.log({ msg: 'change lowers oversight: proposed for a second admin', workflow, proposalId: proposal.id });
    return proposal;
  }

  private async pending(manager: Parameters<GovernanceStore['lock']>[0], workflow: string, id: string) {
    const proposal = await this.governance.lock(manager, workflow, id);
    if (!proposal) throw new NotFoundException(`no proposal ${id} for workflow ${workflow}`);
    if (proposal.status !== 'pending') throw new ConflictException(`proposal ${id} is already ${proposal.status}`);
    return proposal;
  }

  private async resumeNow(current: PolicyVersionEntity, actor: string, reason: string) {
    const stored = await this.policies.append(
      { ...this.resumeChange(current, actor, reason), audit: { action: 'autonomy.resumed' } },
      current.version,
    );
    this.applyHere(stored);
    return stored;
  }

  private resumeChange(current: PolicyVersionEntity, actor: string, reason: string) {
    return {
      workflow: current.workflow,
      policy: current.policy,
      changedBy: actor,
      reason: `autonomy resumed: ${reason}`,
      autonomyStopped: false,
    };
  }

  private async requirePolicy(workflow: string): Promise<PolicyVersionEntity> {
    const current = await this.policies.latest(workflow);
    if (!current) throw new NotFoundException(`no policy for workflow ${workflow} (its decisions all go to review)`);
    return current;
  }

  /** This replica applies at once; the others within moments, from policy.changed. */
  private applyHere(stored: PolicyVersionEntity): void {
    this.active.apply(stored.workflow, stored.version, stored.policy, stored.autonomyStopped);
  }
}
