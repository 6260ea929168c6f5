import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ALL_WORKFLOWS, type WorkflowLookup } from '@countersign/auth';
import { DataSource } from 'typeorm';

/**
 * The workflow of a decision, as its own audit events recorded it — never as a request says. A decision whose events
 * name no workflow is treated as everybody's: only principals scoped to every workflow may read it.
 */
@Injectable()
export class DecisionWorkflowLookup implements WorkflowLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async workflowOf(decisionId: string): Promise<string | null> {
    const rows: Array<{ workflow: string | null }> = await this.dataSource.query(
      `SELECT workflow FROM audit.trail WHERE decision_id = $1 ORDER BY workflow NULLS LAST LIMIT 1`,
      [decisionId],
    );
    if (rows.length === 0) return null;
    return rows[0].workflow ?? ALL_WORKFLOWS;
  }
}
