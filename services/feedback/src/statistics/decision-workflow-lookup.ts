import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WorkflowLookup } from '@countersign/auth';
import { DataSource } from 'typeorm';

/**
 * The workflow of a decision as this service stored it: its final outcome's, else its judgments', else its gold
 * answer's. Facts that came from the platform outrank a gold answer, which a lead may store for a decision id not seen
 * yet: otherwise a lead of one workflow could claim another workflow's future decision (#14). Null when the service
 * has never heard of the decision.
 */
@Injectable()
export class DecisionWorkflowLookup implements WorkflowLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async workflowOf(decisionId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `SELECT workflow FROM (
         SELECT workflow, 1 AS rank FROM feedback.final_outcomes WHERE decision_id = $1
         UNION ALL SELECT workflow, 2 FROM feedback.judgments WHERE decision_id = $1
         UNION ALL SELECT workflow, 3 FROM feedback.gold_answers WHERE decision_id = $1
       ) known ORDER BY rank LIMIT 1`,
      [decisionId],
    )) as Array<{ workflow: string }>;
    return row?.workflow ?? null;
  }
}
