import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SecondAdminProposal, SecondAdminProposals } from '@countersign/platform';
import { DataSource } from 'typeorm';
import { AuditPlan } from '../domain/audit-plan';

/** An audit-plan change that lowers oversight, waiting for (or decided by) a second admin of the workflow. */
export type AuditPlanProposal = SecondAdminProposal<'plan', AuditPlan>;

/** audit.plan_proposals: written in the caller's transaction, with the trail record of the same step. */
@Injectable()
export class AuditPlanProposalStore extends SecondAdminProposals<'plan', AuditPlan> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, 'audit.plan_proposals', 'plan');
  }
}
