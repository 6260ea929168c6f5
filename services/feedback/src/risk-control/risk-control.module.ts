import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { RiskMetrics } from './risk-metrics';
import { RiskObservationStore } from './risk-observation-store';
import { RiskRuleScheduler } from './risk-rule-scheduler';
import { RiskRuleService } from './risk-rule.service';
import { RiskRuleUpdateStore } from './risk-rule-update-store';
import { RiskRuleUpdatesController } from './risk-rule-updates.controller';
import { RoutedDecisionHandler } from './routed-decision.handler';

/** Risk-budget routing's learning half (issue #15): evidence from routed decisions, rules back to the router. */
@Module({
  imports: [RecommendationsModule],
  controllers: [RoutedDecisionHandler, RiskRuleUpdatesController],
  providers: [RiskMetrics, RiskObservationStore, RiskRuleUpdateStore, RiskRuleService, RiskRuleScheduler],
})
export class RiskControlModule {}
