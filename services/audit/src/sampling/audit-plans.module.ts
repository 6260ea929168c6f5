import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { AuditPlanGovernance } from './audit-plan-governance';
import { AuditPlanProposalStore } from './audit-plan-proposal-store';
import { AuditPlansController } from './audit-plans.controller';
import { SamplingModule } from './sampling.module';

/** The audit-plan API and its two-person rule; apart from SamplingModule, since its steps go on the trail. */
@Module({
  imports: [SamplingModule, LifecycleModule],
  controllers: [AuditPlansController],
  providers: [AuditPlanGovernance, AuditPlanProposalStore],
})
export class AuditPlansModule {}
