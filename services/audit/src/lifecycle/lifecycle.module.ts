import { Module } from '@nestjs/common';
import { SamplingModule } from '../sampling/sampling.module';
import { AuditRecorder } from './audit-recorder';
import { FinalOutcomeStore } from './final-outcome-store';
import { LifecycleHandler } from './lifecycle.handler';

@Module({
  imports: [SamplingModule],
  controllers: [LifecycleHandler],
  providers: [AuditRecorder, FinalOutcomeStore],
  exports: [AuditRecorder],
})
export class LifecycleModule {}
