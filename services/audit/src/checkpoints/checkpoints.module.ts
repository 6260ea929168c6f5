import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ReportsModule } from '../reports/reports.module';
import { AuditSchedule } from './audit-schedule';
import { CHECKPOINT_SIGNING_KEY, checkpointKeyProvider } from './checkpoint-key.provider';
import { CheckpointStore } from './checkpoint-store';
import { CheckpointsController } from './checkpoints.controller';
import { CheckpointsService } from './checkpoints.service';

@Module({
  imports: [ScheduleModule.forRoot(), ReportsModule],
  controllers: [CheckpointsController],
  providers: [checkpointKeyProvider, CheckpointStore, CheckpointsService, AuditSchedule],
  // The evidence pack is signed with the same key, so a verifier needs one public key for both.
  exports: [CHECKPOINT_SIGNING_KEY],
})
export class CheckpointsModule {}
