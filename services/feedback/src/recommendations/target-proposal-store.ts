import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SecondAdminProposal, SecondAdminProposals } from '@countersign/platform';
import { DataSource } from 'typeorm';
import { WorkflowTarget } from '../domain/target-change';

/** A target that accepts more released error, waiting for (or decided by) a second admin of the workflow. */
export type TargetProposal = SecondAdminProposal<'target', WorkflowTarget>;

/** feedback.target_proposals: written in the caller's transaction, with the audit event of the same step. */
@Injectable()
export class TargetProposalStore extends SecondAdminProposals<'target', WorkflowTarget> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, 'feedback.target_proposals', 'target');
  }
}
