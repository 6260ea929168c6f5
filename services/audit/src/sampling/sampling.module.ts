import { Module } from '@nestjs/common';
import { AuditPlanStore } from './audit-plan-store';
import { AuditPlansController } from './audit-plans.controller';
import { AuditSampleStore } from './audit-sample-store';
import { AuditSampling } from './audit-sampling';

@Module({
  controllers: [AuditPlansController],
  providers: [AuditPlanStore, AuditSampleStore, AuditSampling],
  exports: [AuditPlanStore, AuditSampling],
})
export class SamplingModule {}
