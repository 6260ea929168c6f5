import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FinalDecisionV1 } from '@countersign/contracts';

/**
 * audit.final_outcomes: one row per decision, with the confidence and trust level reports stratify by. The shared
 * OutcomesModule (libs/outcomes) reads the same table for the outcome summary.
 */
@Injectable()
export class FinalOutcomeStore {
  /** Stores the outcome once; a redelivered one changes nothing (the first outcome of a decision stands). */
  async record(manager: EntityManager, final: FinalDecisionV1): Promise<void> {
    await manager.query(
      `INSERT INTO audit.final_outcomes (decision_id, workflow, outcome, decided_at, confidence, trust_level)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (decision_id) DO NOTHING`,
      [final.decisionId, final.workflow, final.outcome, final.decidedAt, final.confidence, final.routing.trustLevel],
    );
  }
}
