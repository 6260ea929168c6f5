import { Module } from '@nestjs/common';
import { AuditPlanStore } from './audit-plan-store';
import { AuditSampleStore } from './audit-sample-store';
import { AuditSampling } from './audit-sampling';

@Module({
  providers: [AuditPlanStore, AuditSampleStore, AuditSampling],
  exports: [AuditPlanStore, AuditSampling],
})
export class SamplingModule {}
