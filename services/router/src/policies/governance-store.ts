import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventV1, JsonObject, Topics } from '@countersign/contracts';
import { Outbox, outboundEvent } from '@countersign/kafka';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PolicyProposal, ProposalStatus } from './policy-proposal';

interface ProposalRow {
  id: string;
  workflow: string;
  kind: PolicyProposal['kind'];
  base_version: number;
  policy: PolicyProposal['policy'];
  lowers: string[];
  reason: string;
  proposed_by: string;
  on_behalf_of: string | null;
  proposed_at: Date;
  status: ProposalStatus;
  decided_by: string | null;
  decided_at: Date | null;
  applied_version: number | null;
}

const COLUMNS = `id, workflow, kind, base_version, policy, lowers, reason, proposed_by, on_behalf_of, proposed_at, status,
  decided_by, decided_at, applied_version`;

/**
 * Proposals and the per-workflow two-person rule. Every step is written with its audit event (type policy.changed,
 * `data.action` saying which step) in the caller's transaction, through the outbox: no step without its record.
 */
@Injectable()
export class GovernanceStore {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** On unless an admin switched it off (and a second admin agreed). */
  async twoPersonRule(workflow: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [row] = (await manager.query('SELECT two_person_rule FROM router.workflow_governance WHERE workflow = $1', [
      workflow,
    ])) as Array<{ two_person_rule: boolean }>;
    return row?.two_person_rule ?? true;
  }

  async setTwoPersonRule(manager: EntityManager, workflow: string, on: boolean, actor: string, reason: string) {
    await manager.query(
      `INSERT INTO router.workflow_governance (workflow, two_person_rule, changed_by, reason, changed_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (workflow) DO UPDATE SET two_person_rule = $2, changed_by = $3, reason = $4, changed_at = now()`,
      [workflow, on, actor, reason],
    );
    await this.audit(manager, workflow, actor, {
      action: on ? 'two-person-rule.enabled' : 'two-person-rule.disabled',
      reason,
    });
  }

  async propose(
    manager: EntityManager,
    proposal: Omit<PolicyProposal, 'id' | 'proposedAt' | 'status' | 'decidedBy' | 'decidedAt' | 'appliedVersion'>,
  ): Promise<PolicyProposal> {
    const id = randomUUID();
    const [row] = (await manager.query(
      `INSERT INTO router.policy_proposals
         (id, workflow, kind, base_version, policy, lowers, reason, proposed_by, on_behalf_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        id,
        proposal.workflow,
        proposal.kind,
        proposal.baseVersion,
        proposal.policy === null ? null : JSON.stringify(proposal.policy),
        JSON.stringify(proposal.lowers),
        proposal.reason,
        proposal.proposedBy,
        proposal.onBehalfOf,
      ],
    )) as ProposalRow[];
    const stored = proposalOf(row);
    await this.audit(manager, proposal.workflow, proposal.proposedBy, {
      action: 'proposal.created',
      proposalId: id,
      kind: stored.kind,
      baseVersion: stored.baseVersion,
      lowers: stored.lowers,
      reason: stored.reason,
      ...onBehalfOfData(stored),
      ...(stored.policy ? { policy: { ...stored.policy } } : {}),
    });
    return stored;
  }

  /** The proposal, locked for the rest of the transaction so that two admins cannot decide it at once. */
  async lock(manager: EntityManager, workflow: string, id: string): Promise<PolicyProposal | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM router.policy_proposals WHERE id = $1 AND workflow = $2 FOR UPDATE`,
      [id, workflow],
    )) as ProposalRow[];
    return row ? proposalOf(row) : null;
  }

  async decide(
    manager: EntityManager,
    proposal: PolicyProposal,
    status: Exclude<ProposalStatus, 'pending'>,
    actor: string,
    appliedVersion: number | null,
    note: string,
  ): Promise<PolicyProposal> {
    // TypeORM's Postgres driver answers an UPDATE with [rows, affected].
    const [rows] = (await manager.query(
      `UPDATE router.policy_proposals SET status = $2, decided_by = $3, decided_at = now(), applied_version = $4
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [proposal.id, status, actor, appliedVersion],
    )) as [ProposalRow[], number];
    const decided = proposalOf(rows[0]);
    await this.audit(manager, proposal.workflow, actor, {
      action: `proposal.${status}`,
      proposalId: proposal.id,
      kind: proposal.kind,
      proposedBy: proposal.proposedBy,
      ...onBehalfOfData(proposal),
      note,
      ...(appliedVersion === null ? {} : { version: appliedVersion }),
    });
    return decided;
  }

  async list(workflow: string): Promise<PolicyProposal[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM router.policy_proposals WHERE workflow = $1 ORDER BY proposed_at DESC LIMIT 200`,
      [workflow],
    )) as ProposalRow[];
    return rows.map(proposalOf);
  }

  /** A governance step on the audit trail, keyed by workflow like the policy versions it belongs with. */
  async audit(manager: EntityManager, workflow: string, actor: string, data: JsonObject): Promise<void> {
    const event: AuditEventV1 = {
      schemaVersion: 1,
      eventId: randomUUID(),
      type: 'policy.changed',
      workflow,
      actor,
      source: 'router',
      data,
      occurredAt: new Date().toISOString(),
    };
    await this.outbox.add(manager, [outboundEvent(Topics.auditEvents, workflow, event)]);
  }
}

function proposalOf(row: ProposalRow): PolicyProposal {
  return {
    id: row.id,
    workflow: row.workflow,
    kind: row.kind,
    baseVersion: row.base_version,
    policy: row.policy,
    lowers: row.lowers,
    reason: row.reason,
    proposedBy: row.proposed_by,
    onBehalfOf: row.on_behalf_of,
    proposedAt: new Date(row.proposed_at).toISOString(),
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
    appliedVersion: row.applied_version,
  };
}

/** A proposal's audit data names the admin it was filed for, when a service filed it for one. */
export function onBehalfOfData(proposal: Pick<PolicyProposal, 'onBehalfOf'>): { onBehalfOf?: string } {
  return proposal.onBehalfOf === null ? {} : { onBehalfOf: proposal.onBehalfOf };
}
