import { Module } from '@nestjs/common';
import { SamplingModule } from '../sampling/sampling.module';
import { AuditRecorder } from './audit-recorder';
import { LifecycleHandler } from './lifecycle.handler';

@Module({
  imports: [SamplingModule],
  controllers: [LifecycleHandler],
  providers: [AuditRecorder],
  exports: [AuditRecorder],
})
export class LifecycleModule {}
