import { Module } from '@nestjs/common';
import { FeedbackMetrics } from './judgment-metrics';
import { JudgmentStore } from './judgment-store';
import { ReviewCompletedHandler } from './review-completed.handler';

@Module({
  controllers: [ReviewCompletedHandler],
  providers: [JudgmentStore, FeedbackMetrics],
})
export class JudgmentsModule {}
