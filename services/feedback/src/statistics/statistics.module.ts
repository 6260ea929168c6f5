import { Module } from '@nestjs/common';
import { FeedbackMetrics } from '../judgments/judgment-metrics';
import { DecisionWorkflowLookup } from './decision-workflow-lookup';
import { StatisticsController } from './statistics.controller';
import { StatisticsStore } from './statistics-store';
import { StatisticsService } from './statistics.service';

@Module({
  controllers: [StatisticsController],
  providers: [StatisticsStore, StatisticsService, FeedbackMetrics, DecisionWorkflowLookup],
  exports: [StatisticsStore, StatisticsService],
})
export class StatisticsModule {}
