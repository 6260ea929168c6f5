import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ReportsModule } from '../reports/reports.module';
import { AuditSchedule } from './audit-schedule';
import { checkpointKeyProvider } from './checkpoint-key.provider';
import { CheckpointStore } from './checkpoint-store';
import { CheckpointsController } from './checkpoints.controller';
import { CheckpointsService } from './checkpoints.service';

@Module({
  imports: [ScheduleModule.forRoot(), ReportsModule],
  controllers: [CheckpointsController],
  providers: [checkpointKeyProvider, CheckpointStore, CheckpointsService, AuditSchedule],
})
export class CheckpointsModule {}
