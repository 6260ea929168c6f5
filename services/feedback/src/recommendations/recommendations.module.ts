import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics/statistics.module';
import { RecommendationScheduler } from './recommendation-scheduler';
import { RecommendationStore } from './recommendation-store';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';
import { RouterPolicyClient } from './router-policy-client';
import { TargetGovernance } from './target-governance';
import { TargetProposalStore } from './target-proposal-store';

@Module({
  imports: [StatisticsModule],
  controllers: [RecommendationsController],
  providers: [
    RecommendationStore,
    RecommendationsService,
    RecommendationScheduler,
    RouterPolicyClient,
    TargetProposalStore,
    TargetGovernance,
  ],
  // Risk control publishes its rules through the same client, under the same opt-in.
  exports: [RecommendationStore, RouterPolicyClient],
})
export class RecommendationsModule {}
