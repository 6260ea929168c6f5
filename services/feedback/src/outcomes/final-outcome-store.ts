import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FinalDecisionV1 } from '@countersign/contracts';
import { FinalOutcomeEntity } from '@countersign/outcomes';

/** Stored outcomes between progress lines: often enough to watch a backlog drain, rarely enough to read the log. */
const PROGRESS_EVERY = 100;

/** Writes feedback.final_outcomes; the shared OutcomesModule reads it for the summary. */
@Injectable()
export class FinalOutcomeStore {
  private readonly log = new Logger(FinalOutcomeStore.name);
  private storedSinceStart = 0;

  constructor(@InjectRepository(FinalOutcomeEntity) private readonly outcomes: Repository<FinalOutcomeEntity>) {}

  /**
   * Stores the decision's outcome unless it already is, and says whether it did. Redelivery is expected under
   * at-least-once delivery; the contract promises one final outcome per decision, so the first one stored stands.
   */
  async record(final: FinalDecisionV1): Promise<boolean> {
    const result = await this.outcomes
      .createQueryBuilder()
      .insert()
      .into(FinalOutcomeEntity)
      .values({
        decisionId: final.decisionId,
        workflow: final.workflow,
        outcome: final.outcome,
        decidedAt: new Date(final.decidedAt),
      })
      .orIgnore()
      .returning(['decisionId'])
      .execute();
    const stored = (result.raw as unknown[]).length > 0;
    if (stored && ++this.storedSinceStart % PROGRESS_EVERY === 0) {
      this.log.log({ msg: 'final outcomes stored', total: await this.outcomes.count() });
    }
    return stored;
  }
}
