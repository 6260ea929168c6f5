import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditPlan } from '../domain/audit-plan';

export const PLAN_PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const;
export type PlanProposalStatus = (typeof PLAN_PROPOSAL_STATUSES)[number];

/** An audit-plan change that lowers oversight, waiting for (or decided by) a second admin of the workflow. */
export interface AuditPlanProposal {
  id: string;
  workflow: string;
  plan: AuditPlan;
  /** The plan in force when it was proposed; approving after the plan changed is refused (superseded). */
  basePlan: AuditPlan;
  lowers: string[];
  proposedBy: string;
  createdAt: string;
  status: PlanProposalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why it was rejected or superseded, or `applied`. */
  note: string | null;
}

interface ProposalRow {
  id: string;
  workflow: string;
  plan: AuditPlan;
  base_plan: AuditPlan;
  lowers: string[];
  proposed_by: string;
  created_at: Date;
  status: PlanProposalStatus;
  decided_by: string | null;
  decided_at: Date | null;
  note: string | null;
}

const COLUMNS = 'id, workflow, plan, base_plan, lowers, proposed_by, created_at, status, decided_by, decided_at, note';

/** audit.plan_proposals: written in the caller's transaction, with the trail record of the same step. */
@Injectable()
export class AuditPlanProposalStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async propose(
    manager: EntityManager,
    proposal: Pick<AuditPlanProposal, 'workflow' | 'plan' | 'basePlan' | 'lowers' | 'proposedBy'>,
  ): Promise<AuditPlanProposal> {
    const [row] = (await manager.query(
      `INSERT INTO audit.plan_proposals (id, workflow, plan, base_plan, lowers, proposed_by)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6) RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        proposal.workflow,
        JSON.stringify(proposal.plan),
        JSON.stringify(proposal.basePlan),
        JSON.stringify(proposal.lowers),
        proposal.proposedBy,
      ],
    )) as ProposalRow[];
    return proposalOf(row);
  }

  /** The proposal, locked for the rest of the transaction so that two admins cannot decide it at once. */
  async lock(manager: EntityManager, workflow: string, id: string): Promise<AuditPlanProposal | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM audit.plan_proposals WHERE id = $1 AND workflow = $2 FOR UPDATE`,
      [id, workflow],
    )) as ProposalRow[];
    return row ? proposalOf(row) : null;
  }

  async decide(
    manager: EntityManager,
    id: string,
    status: Exclude<PlanProposalStatus, 'pending'>,
    actor: string,
    note: string,
  ): Promise<AuditPlanProposal> {
    // TypeORM's Postgres driver answers an UPDATE with [rows, affected].
    const [rows] = (await manager.query(
      `UPDATE audit.plan_proposals SET status = $2, decided_by = $3, decided_at = now(), note = $4
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, status, actor, note],
    )) as [ProposalRow[], number];
    return proposalOf(rows[0]);
  }

  /** Pending first, then newest first. */
  async list(workflow: string): Promise<AuditPlanProposal[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit.plan_proposals WHERE workflow = $1
        ORDER BY status = 'pending' DESC, created_at DESC LIMIT 200`,
      [workflow],
    )) as ProposalRow[];
    return rows.map(proposalOf);
  }
}

function proposalOf(row: ProposalRow): AuditPlanProposal {
  return {
    id: row.id,
    workflow: row.workflow,
    plan: row.plan,
    basePlan: row.base_plan,
    lowers: row.lowers,
    proposedBy: row.proposed_by,
    createdAt: new Date(row.created_at).toISOString(),
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
    note: row.note,
  };
}
