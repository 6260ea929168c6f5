import { Module } from '@nestjs/common';
import { SamplingModule } from '../sampling/sampling.module';
import { ReportStore } from './report-store';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [SamplingModule],
  controllers: [ReportsController],
  providers: [ReportStore, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
