import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { PoliciesModule } from '../policies/policies.module';
import { DecisionRoutingHandler } from './decision-routing.handler';
import { RoutingMetrics } from './routing-metrics';

@Module({
  imports: [PoliciesModule, LedgerModule],
  controllers: [DecisionRoutingHandler],
  providers: [RoutingMetrics],
})
export class RoutingModule {}
