import { Module } from '@nestjs/common';
import { OutcomesModule } from '@countersign/outcomes';
import { FinalDecisionHandler } from './final-decision.handler';
import { FinalOutcomeStore } from './final-outcome-store';

/** Feedback keeps every final outcome it consumes, and serves the shared outcome summary over them. */
@Module({
  imports: [OutcomesModule],
  controllers: [FinalDecisionHandler],
  providers: [FinalOutcomeStore],
})
export class FinalOutcomesModule {}
