import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OutcomeCount, OutcomeSummary, summarizeOutcomes } from './domain/summarize-outcomes';
import { FinalOutcomeEntity } from './final-outcome.entity';

/** Reads the service's own final_outcomes table; each service fills it from what it consumes. */
@Injectable()
export class OutcomesService {
  constructor(@InjectRepository(FinalOutcomeEntity) private readonly outcomes: Repository<FinalOutcomeEntity>) {}

  /** Counts of `workflow` (or of all), narrowed to `granted` workflows when given (undefined: every workflow). */
  async summary(workflow?: string, granted?: readonly string[]): Promise<OutcomeSummary> {
    const query = this.outcomes
      .createQueryBuilder('o')
      .select('o.workflow', 'workflow')
      .addSelect('o.outcome', 'outcome')
      .addSelect('count(*)::int', 'count')
      .groupBy('o.workflow')
      .addGroupBy('o.outcome');
    if (workflow !== undefined) query.where('o.workflow = :workflow', { workflow });
    if (granted !== undefined) query.andWhere('o.workflow = ANY(:granted)', { granted: [...granted] });
    return summarizeOutcomes(await query.getRawMany<OutcomeCount>());
  }
}
