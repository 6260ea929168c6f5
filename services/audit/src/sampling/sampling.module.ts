import { Module } from '@nestjs/common';
import { AuditPlanStore } from './audit-plan-store';
import { AuditPlansController } from './audit-plans.controller';
import { AuditSampling } from './audit-sampling';

@Module({
  controllers: [AuditPlansController],
  providers: [AuditPlanStore, AuditSampling],
  exports: [AuditPlanStore, AuditSampling],
})
export class SamplingModule {}
